package dev.locus.cli;

import dev.locus.cluster.LocusNode;
import dev.locus.cluster.NodeConfig;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code locus node}: starts one node of a Locus cluster and runs it until the process is stopped
 * (SIGTERM leaves the cluster gracefully).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Starts a Locus cluster node (coordinator, worker or both) that joins the cluster through"
          + " its seeds (the first node seeds itself), declares its site and the data it can read,"
          + " and runs until stopped. Prints 'Locus node HOST:PORT up in site SITE' once it is up.",
      "Example: locus node --role coordinator,worker --host 10.0.0.1 --port 25520 --site a"
          + " --http-port 8080 --tpch --jdbc sales=jdbc:postgresql://db/sales?user=locus"
    })
final class NodeCommand implements Callable<Integer> {
  /** The HTTP port of a coordinator when {@code --http-port} is not given. */
  static final int DEFAULT_HTTP_PORT = 8080;

  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      paramLabel = "ROLE",
      converter = RoleConverter.class,
      description =
          "coordinator (serves the HTTP API, may host the job coordinator) or worker (runs"
              + " tasks); repeat the option or give both as coordinator,worker.")
  List<NodeConfig.Role> roles = new ArrayList<>();

  @Option(
      names = "--host",
      required = true,
      paramLabel = "HOST",
      description = "The address other nodes and clients reach this node at.")
  String host;

  @Option(
      names = "--port",
      required = true,
      paramLabel = "PORT",
      description = "The cluster port (0 picks a free one).")
  int port;

  @Option(
      names = "--seed",
      paramLabel = "HOST:PORT",
      description = "A node to join the cluster through; repeatable. None: this node starts one.")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--site",
      required = true,
      paramLabel = "SITE",
      description = "The site (data center, region, office) this node sits in.")
  String site;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "The port of the HTTP API on a coordinator (default: "
              + DEFAULT_HTTP_PORT
              + "; 0 picks a free one).")
  Integer httpPort;

  @Option(
      names = "--jdbc",
      paramLabel = "NAME=JDBC_URL",
      description = "A database this node can read, as catalog NAME; repeatable.")
  List<String> jdbc = new ArrayList<>();

  @Option(
      names = "--csv",
      paramLabel = "NAME=DIR",
      description =
          "A directory of CSV files this node can read, as catalog NAME (x.csv is table NAME.x);"
              + " repeatable.")
  List<String> csv = new ArrayList<>();

  @Option(names = "--tpch", description = "Serve the built-in TPC-H generator as catalog tpch.")
  boolean tpch;

  @Option(
      names = "--token",
      paramLabel = "SECRET",
      defaultValue = "${env:LOCUS_TOKEN}",
      description =
          "A shared secret HTTP clients must send (default: the LOCUS_TOKEN environment variable;"
              + " none when unset).")
  String token;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Task threads on this node (default: the cores).")
  Integer parallelism;

  @Override
  public Integer call() {
    NodeConfig config = config();
    LocusNode node = LocusNode.start(config);
    Thread shutdown = new Thread(node::close, "locus-node-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Locus node "
            + node.clusterAddress()
            + " up in site "
            + config.site()
            + node.httpUri().map(uri -> "; HTTP API at " + uri).orElse(""));
    out.flush();
    node.awaitTermination();
    ShutdownHooks.remove(shutdown);
    return 0;
  }

  /** The node's configuration from the options; a {@link LocusException} names a bad one. */
  NodeConfig config() {
    Set<NodeConfig.Role> roleSet = EnumSet.copyOf(roles);
    boolean coordinator = roleSet.contains(NodeConfig.Role.COORDINATOR);
    if (site.isBlank()) {
      throw invalid("--site must name the node's site; found '" + site + "'");
    }
    if (host.isBlank()) {
      throw invalid("--host must be this node's address; found '" + host + "'");
    }
    checkPort("--port", port);
    List<String> seedList = new ArrayList<>();
    for (String seed : seeds) {
      int colon = seed.lastIndexOf(':');
      if (colon <= 0 || colon == seed.length() - 1) {
        throw invalid("--seed takes HOST:PORT; found '" + seed + "'");
      }
      int seedPort;
      try {
        seedPort = Integer.parseInt(seed.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw invalid("--seed takes HOST:PORT; found '" + seed + "'");
      }
      checkPort("--seed " + seed + ": the port", seedPort);
      seedList.add(seed);
    }
    int http;
    if (httpPort == null) {
      http = coordinator ? DEFAULT_HTTP_PORT : -1;
    } else if (!coordinator) {
      throw invalid(
          "--http-port serves the HTTP API, which only coordinator nodes do; this node's roles are "
              + names(roleSet));
    } else {
      checkPort("--http-port", httpPort);
      http = httpPort;
    }
    if (parallelism != null && parallelism < 1) {
      throw invalid("--parallelism must be at least 1; found " + parallelism);
    }
    Map<String, String> catalogs = new LinkedHashMap<>();
    if (tpch) {
      catalogs.put("tpch", "--tpch");
    }
    Map<String, String> jdbcUrls = new LinkedHashMap<>();
    for (String option : jdbc) {
      String[] nameAndUrl = nameAndValue("--jdbc", "JDBC_URL", option);
      declare(catalogs, nameAndUrl[0], "--jdbc " + option);
      jdbcUrls.put(nameAndUrl[0], nameAndUrl[1]);
    }
    Map<String, Path> csvDirectories = new LinkedHashMap<>();
    for (String option : csv) {
      String[] nameAndDirectory = nameAndValue("--csv", "DIR", option);
      Path directory = Path.of(nameAndDirectory[1]);
      if (!Files.isDirectory(directory)) {
        throw invalid("--csv " + option + ": " + directory + " is not a directory");
      }
      declare(catalogs, nameAndDirectory[0], "--csv " + option);
      csvDirectories.put(nameAndDirectory[0], directory);
    }
    return new NodeConfig(
        roleSet,
        host,
        port,
        seedList,
        site,
        http,
        jdbcUrls,
        csvDirectories,
        tpch,
        token == null || token.isBlank() ? null : token,
        parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors());
  }

  private static void declare(Map<String, String> catalogs, String name, String option) {
    String earlier = catalogs.putIfAbsent(name.toLowerCase(Locale.ROOT), option);
    if (earlier != null) {
      throw invalid(
          "Catalog name '"
              + name
              + "' is declared twice on this node: by "
              + earlier
              + " and "
              + option);
    }
  }

  private static void checkPort(String what, int value) {
    if (value < 0 || value > 65535) {
      throw invalid(what + " must be in [0, 65535]; found " + value);
    }
  }

  private static List<String> names(Set<NodeConfig.Role> roles) {
    return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).toList();
  }

  static String[] nameAndValue(String option, String valueLabel, String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1 || text.substring(0, equals).isBlank()) {
      throw invalid(option + " takes NAME=" + valueLabel + "; found '" + text + "'");
    }
    return new String[] {text.substring(0, equals).strip(), text.substring(equals + 1)};
  }

  private static LocusException invalid(String message) {
    return new LocusException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** {@code coordinator} or {@code worker}, in any case. */
  static final class RoleConverter implements CommandLine.ITypeConverter<NodeConfig.Role> {
    @Override
    public NodeConfig.Role convert(String value) {
      for (NodeConfig.Role role : NodeConfig.Role.values()) {
        if (role.name().equalsIgnoreCase(value.strip())) {
          return role;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected coordinator or worker; found '" + value + "'");
    }
  }
}
