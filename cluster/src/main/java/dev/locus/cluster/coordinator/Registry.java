package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import dev.locus.cluster.worker.NodeDescription;
import dev.locus.cluster.worker.WorkerActor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** The coordinator's view of the workers: who they are and which are reachable now. */
public record Registry(List<Entry> workers) implements ClusterMessage {
  public Registry {
    workers = List.copyOf(requireNonNull(workers, "workers is null"));
  }

  /** One worker. */
  public record Entry(
      ActorRef<WorkerActor.Command> worker, NodeDescription node, boolean reachable) {
    public Entry {
      requireNonNull(worker, "worker is null");
      requireNonNull(node, "node is null");
    }

    public boolean serves(String catalog) {
      return node.catalogs().keySet().stream().anyMatch(name -> name.equalsIgnoreCase(catalog));
    }
  }

  /** Reachable workers that can read {@code catalog}. */
  public List<Entry> serving(String catalog) {
    List<Entry> serving = new ArrayList<>();
    for (Entry entry : workers) {
      if (entry.reachable() && entry.serves(catalog)) {
        serving.add(entry);
      }
    }
    return serving;
  }

  /** Every catalog name served by some worker, once whatever its case, in the order found. */
  public List<String> catalogNames() {
    Map<String, String> names = new LinkedHashMap<>();
    for (Entry entry : workers) {
      for (String name : entry.node().catalogs().keySet()) {
        names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      }
    }
    return new ArrayList<>(names.values());
  }
}
