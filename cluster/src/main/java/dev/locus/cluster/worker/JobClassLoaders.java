package dev.locus.cluster.worker;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class loaders for job jars on one node: a job's user classes (its lambdas and records) load from
 * its jar, fetched once from the coordinator and checked against its SHA-256 id; Locus's own
 * classes come from the node. Jobs without a jar use the node's class loader.
 */
public final class JobClassLoaders implements AutoCloseable {
  private final Path directory;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, URLClassLoader> loaders = new ConcurrentHashMap<>();

  /**
   * @param directory where fetched jars are kept
   * @param token the cluster's shared secret for fetching jars, or null
   */
  public JobClassLoaders(Path directory, String token) {
    this.directory = directory;
    this.token = token;
  }

  /** SHA-256 of the bytes in hex: a jar's id. */
  public static String jarId(byte[] jar) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The class loader for a job's tasks. */
  public ClassLoader forJar(String jarId, String jarUrl) {
    if (jarId == null) {
      return JobClassLoaders.class.getClassLoader();
    }
    return loaders.computeIfAbsent(jarId, id -> open(id, jarUrl));
  }

  /** A class loader over a jar already on this node (the coordinator's own copy). */
  public ClassLoader forLocalJar(String jarId, Path jar) {
    return loaders.computeIfAbsent(jarId, id -> loaderOver(jar));
  }

  private URLClassLoader open(String jarId, String jarUrl) {
    Path jar = directory.resolve(jarId + ".jar");
    if (!Files.exists(jar)) {
      if (jarUrl == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "Job jar " + jarId + " is not on this node and has no URL");
      }
      byte[] bytes = fetch(jarId, jarUrl);
      try {
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, jarId, ".part");
        Files.write(partial, bytes);
        Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new LocusException(
            ErrorCode.IO_ERROR, "Cannot store job jar " + jarId + ": " + e.getMessage(), e);
      }
    }
    return loaderOver(jar);
  }

  private byte[] fetch(String jarId, String jarUrl) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(jarUrl)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new LocusException(
            ErrorCode.NODE_UNAVAILABLE,
            "Cannot fetch job jar from " + jarUrl + ": HTTP " + response.statusCode());
      }
      byte[] bytes = response.body();
      if (!jarId(bytes).equals(jarId)) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Job jar fetched from " + jarUrl + " does not match its id " + jarId);
      }
      return bytes;
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE, "Cannot fetch job jar from " + jarUrl + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.JOB_CANCELLED, "Interrupted fetching " + jarUrl, e);
    }
  }

  private static URLClassLoader loaderOver(Path jar) {
    try {
      return new URLClassLoader(
          "locus-job-" + jar.getFileName(),
          new URL[] {jar.toUri().toURL()},
          JobClassLoaders.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException("Not a URL: " + jar, e);
    }
  }

  @Override
  public void close() {
    for (URLClassLoader loader : loaders.values()) {
      try {
        loader.close();
      } catch (IOException e) {
        throw new LocusException(ErrorCode.IO_ERROR, "Cannot close " + loader.getName(), e);
      }
    }
    loaders.clear();
  }
}
