package dev.locus.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the coordinator's JSON answers into the client's records. An answer that lacks a field the
 * HTTP API promises is the coordinator's bug: an {@link ErrorCode#INTERNAL_ERROR} naming the
 * request, the field and the answer.
 */
final class JsonAnswers {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_QUOTED = 300;

  /** The request an answer belongs to ({@code GET /v1/jobs at http://...}), for messages. */
  private final String request;

  JsonAnswers(String request) {
    this.request = request;
  }

  JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw malformed("is not a JSON object", body);
      }
      return node;
    } catch (JacksonException e) {
      throw malformed("is not JSON (" + e.getOriginalMessage() + ")", body);
    } catch (IOException e) {
      throw malformed("cannot be read (" + e.getMessage() + ")", body);
    }
  }

  private LocusException malformed(String problem, byte[] body) {
    return new LocusException(
        ErrorCode.INTERNAL_ERROR, "The answer to " + request + " " + problem + ": " + quote(body));
  }

  private LocusException missing(String field, JsonNode node) {
    return new LocusException(
        ErrorCode.INTERNAL_ERROR,
        "The answer to " + request + " lacks field '" + field + "': " + quote(node.toString()));
  }

  static String quote(byte[] body) {
    return quote(new String(body, StandardCharsets.UTF_8));
  }

  static String quote(String text) {
    String line = text.strip();
    return line.length() <= MAX_QUOTED ? line : line.substring(0, MAX_QUOTED) + "...";
  }

  String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw missing(field, node);
    }
    return value.asText();
  }

  static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw missing(field, node);
    }
    return value.asLong();
  }

  static long optionalNumber(JsonNode node, String field, long absent) {
    JsonNode value = node.get(field);
    return value == null || !value.canConvertToLong() ? absent : value.asLong();
  }

  JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw missing(field, node);
    }
    return value;
  }

  static List<String> texts(JsonNode node, String field) {
    JsonNode value = node.get(field);
    List<String> texts = new ArrayList<>();
    if (value != null && value.isArray()) {
      for (JsonNode element : value) {
        texts.add(element.asText());
      }
    }
    return texts;
  }

  JobState state(JsonNode node, String field) {
    String name = text(node, field);
    try {
      return JobState.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "The answer to "
              + request
              + " has job status '"
              + name
              + "'; expected one of "
              + Arrays.toString(JobState.values()));
    }
  }

  /** The {@code error} object of a job ({@code {"code","message"}}), or null. */
  static JobError jobError(JsonNode node) {
    JsonNode error = node.get("error");
    if (error == null || !error.isObject()) {
      return null;
    }
    return new JobError(
        errorCode(optionalText(error, "code")),
        describe(optionalText(error, "code"), optionalText(error, "message")));
  }

  /** The error code of that name; an unknown name (a newer server) counts as an internal error. */
  static ErrorCode errorCode(String name) {
    if (name != null) {
      for (ErrorCode code : ErrorCode.values()) {
        if (code.name().equals(name)) {
          return code;
        }
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  private static String describe(String code, String message) {
    String text = message == null || message.isBlank() ? "(no message)" : message;
    boolean known = code != null && errorCode(code) != ErrorCode.INTERNAL_ERROR;
    return known || "INTERNAL_ERROR".equals(code) || code == null ? text : code + ": " + text;
  }

  JobHandle handle(JsonNode node) {
    return new JobHandle(text(node, "jobId"), state(node, "status"));
  }

  JobSummary summary(JsonNode node) {
    String submittedAt = text(node, "submittedAt");
    Instant submitted;
    try {
      submitted = Instant.parse(submittedAt);
    } catch (DateTimeParseException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "The answer to "
              + request
              + " has submittedAt '"
              + submittedAt
              + "', which is not an ISO-8601 instant");
    }
    return new JobSummary(
        text(node, "jobId"),
        optionalText(node, "name"),
        state(node, "status"),
        submitted,
        Math.max(0, optionalNumber(node, "elapsedMillis", 0)),
        jobError(node));
  }

  JobStatus status(JsonNode node) {
    List<StageStatus> stages = new ArrayList<>();
    JsonNode stageArray = node.get("stages");
    if (stageArray != null && stageArray.isArray()) {
      for (JsonNode stage : stageArray) {
        stages.add(
            new StageStatus(
                (int) number(stage, "stageId"),
                stage.hasNonNull("description") ? stage.get("description").asText() : "",
                (int) optionalNumber(stage, "tasks", 0),
                (int) optionalNumber(stage, "finished", 0),
                (int) optionalNumber(stage, "running", 0),
                (int) optionalNumber(stage, "retries", 0),
                texts(stage, "nodes"),
                texts(stage, "sites"),
                optionalNumber(stage, "rows", 0)));
      }
    }
    return new JobStatus(
        text(node, "jobId"),
        optionalText(node, "name"),
        state(node, "status"),
        optionalNumber(node, "elapsedMillis", 0),
        jobError(node),
        optionalNumber(node, "rows", -1),
        stages);
  }

  Member member(JsonNode node) {
    JsonNode reachable = node.get("reachable");
    return new Member(
        text(node, "address"),
        texts(node, "roles"),
        text(node, "status"),
        optionalText(node, "site") == null ? "" : optionalText(node, "site"),
        texts(node, "catalogs"),
        optionalText(node, "http"),
        reachable == null || !reachable.isBoolean() || reachable.asBoolean());
  }

  CatalogInfo catalog(JsonNode node) {
    return new CatalogInfo(
        text(node, "name"),
        optionalText(node, "kind") == null ? "" : optionalText(node, "kind"),
        texts(node, "nodes"),
        texts(node, "sites"));
  }

  static byte[] write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Cannot write a JSON request: " + e.getOriginalMessage(), e);
    }
  }
}
