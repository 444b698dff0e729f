package dev.locus.cli;

import dev.locus.client.LocusClient;
import picocli.CommandLine.Option;

/** {@code --cluster URL [--token T]}: which coordinator a command talks to. */
final class ClusterOptions {
  @Option(
      names = "--cluster",
      required = true,
      paramLabel = "URL",
      description = "The coordinator's HTTP API, for example http://coordinator:8080.")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:LOCUS_TOKEN}",
      description =
          "The cluster's shared secret, when it was started with one (default: the LOCUS_TOKEN"
              + " environment variable).")
  String token;

  LocusClient client() {
    return new LocusClient(url, token);
  }
}
