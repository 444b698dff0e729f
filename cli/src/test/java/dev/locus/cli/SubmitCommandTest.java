package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.client.FakeCoordinator;
import dev.locus.core.api.Locus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code locus submit}: a program in a jar the test compiles runs against a (fake) cluster through
 * {@code Locus.connect()}, and its lambdas reach the cluster in the jar.
 */
class SubmitCommandTest {
  private static final String WORD_COUNT =
      """
      package example;

      import dev.locus.core.api.Locus;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Arrays;
      import java.util.List;
      import java.util.Locale;

      public class Shout {
        public static void main(String[] args) throws Exception {
          try (Locus locus = Locus.connect()) {
            List<String> words =
                locus
                    .fromCollection(List.of("to be or", "not to be"))
                    .flatMap(line -> Arrays.asList(line.split(" ")))
                    .map(word -> word.toUpperCase(Locale.ROOT) + args[1])
                    .collect();
            Files.writeString(
                Path.of(args[0]),
                String.join(",", words.stream().sorted().toList())
                    + "|" + System.getProperty("locus.job.jar")
                    + "|" + (Thread.currentThread().getContextClassLoader()
                        == Shout.class.getClassLoader()));
          }
        }
      }
      """;

  record Run(int exitCode, String out, String err) {}

  private final FakeCoordinator fake =
      new FakeCoordinator("s3cret").runJobsWith(FakeCoordinator.localRunner(Function.identity()));

  @AfterEach
  void close() {
    fake.close();
  }

  static Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LocusCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** Compiles {@code source} against Locus's core and packs the classes into a jar. */
  static Path buildJar(Path directory, String className, String source)
      throws IOException, URISyntaxException {
    Path sources = Files.createDirectories(directory.resolve("src/example"));
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Path file = Files.writeString(sources.resolve(className + ".java"), source);
    String core =
        Path.of(Locus.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null, null, null, "-d", classes.toString(), "-classpath", core, file.toString());
    assertThat(status).as("javac of " + className).isZero();
    Path jar = directory.resolve("job.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> compiled = Files.walk(classes)) {
      for (Path path : compiled.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void runsTheMainClassAgainstTheClusterAndShipsItsJar(@TempDir Path directory) throws Exception {
    Path jar = buildJar(directory, "Shout", WORD_COUNT);
    Path output = directory.resolve("out.txt");

    Run run =
        locus(
            "submit",
            "--cluster",
            fake.url(),
            "--token",
            "s3cret",
            "--jar",
            jar.toString(),
            "--class",
            "example.Shout",
            output.toString(),
            "!");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(output, StandardCharsets.UTF_8))
        .isEqualTo("BE!,BE!,NOT!,OR!,TO!,TO!|" + jar.toAbsolutePath() + "|true");
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    assertThat(fake.jars()).containsOnlyKeys(sha);
    assertThat(fake.jobs()).extracting(job -> job.jarId).containsExactly(sha);
    assertThat(fake.jobs()).extracting(job -> job.name).containsExactly("example.Shout");
    assertThat(System.getProperty("locus.cluster.url")).isNull();
    assertThat(System.getProperty("locus.job.jar")).isNull();
  }

  @Test
  void aClassThatIsNotInTheJarIsOneErrorLine(@TempDir Path directory) throws Exception {
    Path jar = buildJar(directory, "Shout", WORD_COUNT);

    Run run =
        locus(
            "submit", "--cluster", fake.url(), "--jar", jar.toString(), "--class", "example.Nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: Class example.Nope not found in job jar " + jar + "\n");
  }

  @Test
  void aClassWithoutMainIsOneErrorLine(@TempDir Path directory) throws Exception {
    Path jar =
        buildJar(directory, "NoMain", "package example; public class NoMain { void main() {} }");

    Run run =
        locus(
            "submit",
            "--cluster",
            fake.url(),
            "--jar",
            jar.toString(),
            "--class",
            "example.NoMain");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Error: Class example.NoMain has no public static void main(String[]) method\n");
  }

  @Test
  void aMissingJarIsOneErrorLine(@TempDir Path directory) {
    Path jar = directory.resolve("missing.jar");

    Run run =
        locus("submit", "--cluster", fake.url(), "--jar", jar.toString(), "--class", "example.X");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: Job jar " + jar + " does not exist\n");
  }

  @Test
  void theProgramsErrorsAreOneErrorLine(@TempDir Path directory) throws Exception {
    Path jar = buildJar(directory, "Shout", WORD_COUNT);

    Run run =
        locus(
            "submit",
            "--cluster",
            fake.url(),
            "--jar",
            jar.toString(),
            "--class",
            "example.Shout",
            directory.resolve("out.txt").toString(),
            "!");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Error: The Locus cluster at "
                + fake.url()
                + " needs a token: give it with --token or Locus.connect(url, token)"
                + " (coordinator: missing or wrong bearer token)\n");
    assertThat(List.of(run.out())).containsExactly("");
  }
}
