package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Submits jobs to one long-lived MiniCluster. Flink's own local executor starts a MiniCluster per
 * job (a second or more each); this one is started once per platform and reused.
 */
final class MiniClusterExecutor
    implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {
  static final String NAME = "locus-mini-cluster";

  private final MiniCluster miniCluster;

  MiniClusterExecutor(MiniCluster miniCluster) {
    this.miniCluster = requireNonNull(miniCluster, "miniCluster is null");
  }

  @Override
  public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
    return this;
  }

  @Override
  public Stream<String> getExecutorNames() {
    return Stream.of(NAME);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean isCompatibleWith(Configuration configuration) {
    return true;
  }

  @Override
  public PipelineExecutor getExecutor(Configuration configuration) {
    return this;
  }

  @Override
  public CompletableFuture<JobClient> execute(
      Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassLoader)
      throws Exception {
    StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
    return miniCluster
        .submitJob(graph)
        .thenApply(
            result ->
                new MiniClusterJobClient(
                    result.getJobID(),
                    miniCluster,
                    userCodeClassLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
  }
}
