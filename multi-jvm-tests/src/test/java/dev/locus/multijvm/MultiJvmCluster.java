package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A Locus cluster of forked JVMs on loopback: one process per {@link NodeSpec}, each running {@code
 * dev.locus.cli.LocusCli node ...} from this JVM's class path with free ports. The first node must
 * be a coordinator; the others join through it, and the tests talk to its HTTP API.
 *
 * <p>Nodes can be killed (SIGKILL), paused (SIGSTOP), resumed, stopped (SIGTERM: a graceful leave)
 * and restarted with the same command line and ports.
 */
final class MultiJvmCluster implements AutoCloseable {
  /** The main class the nodes run. */
  static final String MAIN_CLASS = "dev.locus.cli.LocusCli";

  static final String HOST = "127.0.0.1";

  /** How long a node may take to print its up line (JVM start and class loading on 2 cores). */
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** How long membership may take to settle (joins, downing a killed incarnation). */
  static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(90);

  private final List<NodeSpec> specs;
  private final String token;
  private final Path logDirectory;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final int[] ports;
  private final int[] httpPorts;
  private final ClusterHttp http;

  private MultiJvmCluster(Builder builder) {
    this.specs = List.copyOf(builder.specs);
    this.token = builder.token;
    this.logDirectory = requireNonNull(builder.logDirectory, "logDirectory is null");
    if (specs.isEmpty() || !specs.get(0).isCoordinator()) {
      throw new IllegalArgumentException(
          "the first node of a cluster must be a coordinator; found " + specs);
    }
    ports = new int[specs.size()];
    httpPorts = new int[specs.size()];
    List<Integer> free = freePorts(2 * specs.size());
    for (int i = 0; i < specs.size(); i++) {
      ports[i] = free.get(2 * i);
      httpPorts[i] = specs.get(i).isCoordinator() ? free.get(2 * i + 1) : -1;
    }
    Path workDirectory = requireNonNull(builder.workDirectory, "workDirectory is null");
    for (int i = 0; i < specs.size(); i++) {
      String name = "node-" + i;
      nodes.add(
          new NodeProcess(
              name,
              command(i, builder),
              workDirectory.resolve(name),
              new NodeLog(name, logDirectory.resolve("startup").resolve(name + ".log"))));
    }
    http = new ClusterHttp(URI.create("http://" + HOST + ":" + httpPorts[0]), token);
  }

  static Builder builder() {
    return new Builder();
  }

  /** How to build a cluster. */
  static final class Builder {
    private final List<NodeSpec> specs = new ArrayList<>();
    private String token;
    private String heap = "512m";
    private int parallelism = 2;
    private Path logDirectory;
    private Path workDirectory;

    private Builder() {}

    Builder node(NodeSpec spec) {
      specs.add(requireNonNull(spec, "spec is null"));
      return this;
    }

    /** The shared secret every node is started with ({@code --token}). */
    Builder token(String newToken) {
      token = requireNonNull(newToken, "newToken is null");
      return this;
    }

    /** Each node's maximum heap ({@code -Xmx}), e.g. {@code 512m}. */
    Builder heap(String newHeap) {
      heap = requireNonNull(newHeap, "newHeap is null");
      return this;
    }

    /** Task threads per node ({@code --parallelism}). */
    Builder parallelism(int newParallelism) {
      parallelism = newParallelism;
      return this;
    }

    /** Where the node logs go: {@code <dir>/<section>/node-<i>.log}. */
    Builder logDirectory(Path directory) {
      logDirectory = requireNonNull(directory, "directory is null");
      return this;
    }

    /** The nodes' working directories: {@code <dir>/node-<i>}. */
    Builder workDirectory(Path directory) {
      workDirectory = requireNonNull(directory, "directory is null");
      return this;
    }

    boolean hasLogDirectory() {
      return logDirectory != null;
    }

    boolean hasWorkDirectory() {
      return workDirectory != null;
    }

    MultiJvmCluster build() {
      return new MultiJvmCluster(this);
    }
  }

  private List<String> command(int index, Builder builder) {
    NodeSpec spec = specs.get(index);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags());
    command.add("-Xmx" + builder.heap);
    command.add("-XX:MaxDirectMemorySize=" + builder.heap);
    // Two cores for everything: the serial collector keeps each node's GC threads to one.
    command.add("-XX:+UseSerialGC");
    // A node out of memory is dead for the test; better it ends loudly than limps on.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-cp");
    command.add(classPath());
    command.add(MAIN_CLASS);
    command.add("node");
    for (String role : spec.roles()) {
      command.add("--role");
      command.add(role);
    }
    command.add("--host");
    command.add(HOST);
    command.add("--port");
    command.add(Integer.toString(ports[index]));
    if (index > 0) {
      command.add("--seed");
      command.add(address(0));
    }
    command.add("--site");
    command.add(spec.site());
    if (spec.isCoordinator()) {
      command.add("--http-port");
      command.add(Integer.toString(httpPorts[index]));
    }
    if (spec.tpch()) {
      command.add("--tpch");
    }
    spec.csv()
        .forEach(
            (catalog, directory) -> {
              command.add("--csv");
              command.add(catalog + "=" + directory.toAbsolutePath());
            });
    if (token != null) {
      command.add("--token");
      command.add(token);
    }
    command.add("--parallelism");
    command.add(Integer.toString(builder.parallelism));
    return command;
  }

  /**
   * The JVM flags every Locus JVM gets: the root pom's {@code locus.jvm.flags}, which the build
   * passes to the tests as the system property of that name.
   */
  static List<String> jvmFlags() {
    String flags = System.getProperty("locus.jvm.flags", "");
    return Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
  }

  /** This JVM's class path (under Surefire the real one, not its manifest-only jar). */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** Starts the coordinator, then the other nodes, and waits until all are Up members. */
  void start() {
    nodes.get(0).start();
    nodes.get(0).awaitUp(START_TIMEOUT);
    for (int i = 1; i < nodes.size(); i++) {
      nodes.get(i).start();
    }
    for (int i = 1; i < nodes.size(); i++) {
      nodes.get(i).awaitUp(START_TIMEOUT);
    }
    awaitMembersUp();
  }

  int size() {
    return nodes.size();
  }

  NodeProcess node(int index) {
    return nodes.get(index);
  }

  NodeSpec spec(int index) {
    return specs.get(index);
  }

  /** The cluster address ({@code host:port}) of node {@code index}. */
  String address(int index) {
    return HOST + ":" + ports[index];
  }

  /** The coordinator's HTTP API, with the cluster's token. */
  ClusterHttp http() {
    return http;
  }

  String token() {
    return token;
  }

  /** SIGKILL node {@code index}; returns once it is gone. */
  void kill(int index) {
    requireNotFirst(index, "kill");
    nodes.get(index).kill();
  }

  /** SIGSTOP node {@code index}. */
  void pause(int index) {
    nodes.get(index).pause();
  }

  /** SIGCONT node {@code index}. */
  void resume(int index) {
    nodes.get(index).resume();
  }

  /** SIGTERM node {@code index} (it leaves the cluster); returns its exit code once it ended. */
  int stop(int index) {
    requireNotFirst(index, "stop");
    return nodes.get(index).stop(Duration.ofSeconds(60));
  }

  /**
   * Starts node {@code index} again with the same command line (killing it first if it runs) and
   * waits until every running node is an Up member.
   */
  void restart(int index) {
    requireNotFirst(index, "restart");
    startAgain(index);
    awaitMembersUp();
  }

  /**
   * Kills node {@code index} if it runs, waits until its old incarnation has left the membership,
   * then starts it and waits for its up line. (A new incarnation on the same address is let in only
   * once the old one is removed; started earlier, it waits for Pekko's join retry, 10 s by
   * default.)
   */
  private void startAgain(int index) {
    NodeProcess node = nodes.get(index);
    if (node.isAlive()) {
      node.kill();
    }
    awaitMemberGone(index);
    node.start();
    node.awaitUp(START_TIMEOUT);
  }

  /** Resumes paused nodes, restarts dead ones and waits until all are Up members. */
  void ensureRunning() {
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(i);
      if (node.isPaused()) {
        node.resume();
      }
      if (!node.isAlive()) {
        if (i == 0) {
          throw new AssertionError(
              "The coordinator node-0 died; its last lines:\n" + node.tailText(100));
        }
        startAgain(i);
      }
    }
    awaitMembersUp();
  }

  /**
   * Waits until the members that are ready (see {@link #isReady}) are exactly the running nodes,
   * and no member is unreachable.
   */
  void awaitMembersUp() {
    Set<String> running = new TreeSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).isAlive()) {
        running.add(address(i));
      }
    }
    awaitMembers(
        running + " Up, reachable and registered with their data, and nothing else",
        members -> {
          Set<String> ready = new TreeSet<>();
          for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            if (members.stream().anyMatch(member -> isReady(member, index))) {
              ready.add(address(i));
            }
          }
          return ready.equals(running)
              && upAddresses(members).equals(running)
              && members.stream().allMatch(ClusterHttp.Member::reachable);
        });
  }

  /**
   * Whether {@code member} is node {@code index}, Up, reachable and, for a worker, registered with
   * the coordinator: the members list shows its site and the catalogs it declared. (Membership
   * alone is not enough: a worker is Up before the coordinator knows what it can read.)
   */
  boolean isReady(ClusterHttp.Member member, int index) {
    if (!member.address().equals(address(index)) || !member.upAndReachable()) {
      return false;
    }
    NodeSpec spec = specs.get(index);
    if (!spec.roles().contains("worker")) {
      return true;
    }
    List<String> declared = new ArrayList<>(spec.csv().keySet());
    if (spec.tpch()) {
      declared.add("tpch");
    }
    return spec.site().equals(member.site()) && member.catalogs().containsAll(declared);
  }

  /** Waits until node {@code index} is no longer a member. */
  void awaitMemberGone(int index) {
    String address = address(index);
    awaitMembers(
        address + " gone from the members",
        members -> members.stream().noneMatch(member -> member.address().equals(address)));
  }

  /** Waits until {@code condition} holds of the members list. */
  List<ClusterHttp.Member> awaitMembers(
      String what, java.util.function.Predicate<List<ClusterHttp.Member>> condition) {
    List<List<ClusterHttp.Member>> last = new ArrayList<>(List.of(List.of()));
    long startNanos = System.nanoTime();
    List<ClusterHttp.Member> members =
        Await.until(
            what,
            MEMBERSHIP_TIMEOUT,
            () -> {
              List<ClusterHttp.Member> current = http.members();
              last.set(0, current);
              return condition.test(current) ? Optional.of(current) : Optional.empty();
            },
            () -> "members " + last.get(0));
    nodes
        .get(0)
        .log()
        .mark(
            "members: " + what + " after " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
    return members;
  }

  private static Set<String> upAddresses(List<ClusterHttp.Member> members) {
    return members.stream()
        .filter(ClusterHttp.Member::upAndReachable)
        .map(ClusterHttp.Member::address)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** From now on, node output goes to {@code <logs>/<section>/node-<i>.log}. */
  void beginSection(String section) {
    for (NodeProcess node : nodes) {
      node.log().switchTo(logDirectory.resolve(section).resolve(node.name() + ".log"));
      node.log().mark("---- " + section + " ----");
    }
  }

  /** The last {@code lines} lines of every node's output, with a heading per node. */
  String tails(int lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(i);
      text.append("===== ")
          .append(node.name())
          .append(" (")
          .append(address(i))
          .append(", site ")
          .append(specs.get(i).site())
          .append(node.isAlive() ? ", pid " + node.pid() : ", not running")
          .append("): last ")
          .append(lines)
          .append(" lines; full log in ")
          .append(node.log().file())
          .append(" =====\n")
          .append(node.tailText(lines))
          .append('\n');
    }
    return text.toString();
  }

  /** Destroys every node process. */
  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  private void requireNotFirst(int index, String action) {
    if (index == 0) {
      throw new IllegalArgumentException(
          "node-0 is the coordinator the tests talk to; "
              + action
              + " a worker (1.."
              + (nodes.size() - 1)
              + ")");
    }
  }

  /** {@code count} distinct free ports on loopback. */
  static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find free ports on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot close a probe socket", e);
        }
      }
    }
  }
}
