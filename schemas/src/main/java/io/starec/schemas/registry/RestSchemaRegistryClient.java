package io.starec.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client for the Confluent Schema Registry REST API on {@code java.net.http} + Jackson. Works against
 * Confluent, Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda. Ids and schemas are cached (ids are
 * immutable), so the serdes hit the registry once per schema. Several comma-separated URLs are tried in order
 * when one cannot be reached.
 */
public class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";

  private final List<String> baseUrls;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String authorization;
  private final Map<String, Map<Schema, Integer>> idCache = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaCache = new ConcurrentHashMap<>();
  private final Map<String, Object> registrationLocks = new ConcurrentHashMap<>();

  /** See {@link SchemaRegistryConfig} for the keys. */
  public RestSchemaRegistryClient(Map<String, ?> cfg) {
    String urls = SchemaRegistryConfig.string(cfg, SchemaRegistryConfig.SCHEMA_REGISTRY_URL);
    if (urls == null) {
      throw new IllegalArgumentException("missing '" + SchemaRegistryConfig.SCHEMA_REGISTRY_URL + "'");
    }
    String userInfoFromUrl = null;
    List<String> bases = new ArrayList<>();
    for (String raw : urls.split(",")) {
      URI uri;
      try {
        uri = URI.create(raw.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad schema registry URL '" + raw.trim() + "': " + e.getMessage(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port][/path] or "
            + "mock://scope, got '" + raw.trim() + "'");
      }
      if (uri.getUserInfo() != null && userInfoFromUrl == null) {
        userInfoFromUrl = uri.getUserInfo();
      }
      String base = scheme + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
          + (uri.getRawPath() == null ? "" : uri.getRawPath());
      bases.add(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }
    this.baseUrls = List.copyOf(bases);

    String source = SchemaRegistryConfig.string(cfg, SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    String userInfo = "URL".equalsIgnoreCase(source)
        ? userInfoFromUrl
        : SchemaRegistryConfig.string(cfg, SchemaRegistryConfig.BASIC_AUTH_USER_INFO);
    this.authorization = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));

    long connectMs = SchemaRegistryConfig.number(cfg, 10_000, SchemaRegistryConfig.CONNECT_TIMEOUT_MS,
        SchemaRegistryConfig.CONFLUENT_CONNECT_TIMEOUT_MS);
    long requestMs = SchemaRegistryConfig.number(cfg, 30_000, SchemaRegistryConfig.REQUEST_TIMEOUT_MS,
        SchemaRegistryConfig.CONFLUENT_READ_TIMEOUT_MS);
    this.requestTimeout = Duration.ofMillis(requestMs);
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(connectMs))
        .followRedirects(HttpClient.Redirect.NORMAL);
    SSLContext ssl = SslContexts.fromConfig(cfg);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  /** The base URLs requests go to (credentials removed). */
  public List<String> baseUrls() {
    return baseUrls;
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    // one registration per subject at a time: threads of one producer would otherwise race to create it
    synchronized (registrationLocks.computeIfAbsent(subject, s -> new Object())) {
      cached = cachedId(subject, schema);
      if (cached != null) {
        return cached;
      }
      Schema neutral = AvroSchemas.languageNeutral(schema);
      JsonNode reply;
      try {
        reply = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(neutral),
            "register schema " + neutral.getFullName() + " under subject '" + subject + "'");
      } catch (RegistryException refused) {
        if (!refused.isIncompatible()) {
          throw refused;
        }
        // Apicurio answers 409 "artifact already exists" when another client created the subject at the same
        // moment; if this exact schema is registered now, that is its id, otherwise the refusal stands
        try {
          return getId(subject, schema);
        } catch (RegistryException lookup) {
          throw refused;
        }
      }
      int id = requiredInt(reply, "id", "register");
      remember(subject, schema, id, neutral);
      return id;
    }
  }

  @Override
  public int getId(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    Schema neutral = AvroSchemas.languageNeutral(schema);
    JsonNode reply = call("POST", "/subjects/" + encode(subject), schemaBody(neutral),
        "look up schema " + neutral.getFullName() + " under subject '" + subject + "'");
    int id = requiredInt(reply, "id", "lookup");
    remember(subject, schema, id, neutral);
    return id;
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemaCache.get(id);
    if (cached != null) {
      return cached;
    }
    String context = "get schema by id " + id;
    JsonNode reply = call("GET", "/schemas/ids/" + id, null, context);
    Schema schema = parseSchema(reply, context);
    schemaCache.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    String context = "get latest version of subject '" + subject + "'";
    JsonNode reply = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, context);
    int id = requiredInt(reply, "id", context);
    Schema schema = parseSchema(reply, context);
    schemaCache.putIfAbsent(id, schema);
    return new SchemaMetadata(subject, requiredInt(reply, "version", context), id, schema);
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    Schema neutral = AvroSchemas.languageNeutral(schema);
    String context = "check compatibility of " + neutral.getFullName() + " with subject '" + subject + "'";
    JsonNode reply;
    try {
      reply = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
          schemaBody(neutral), context);
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        return new CompatibilityResult(true, List.of("subject '" + subject + "' has no versions yet"));
      }
      throw e;
    }
    JsonNode verdict = reply.get("is_compatible");
    if (verdict == null || !verdict.isBoolean()) {
      throw new RegistryException(context, 200, -1, "reply has no boolean 'is_compatible': " + reply);
    }
    List<String> messages = new ArrayList<>();
    JsonNode msgs = reply.get("messages");
    if (msgs != null && msgs.isArray()) {
      msgs.forEach(m -> messages.add(m.asText()));
    }
    JsonNode reason = reply.get("reason"); // Apicurio's ccompat API explains here instead
    if (reason != null && reason.isTextual() && !reason.asText().isBlank()) {
      messages.add(reason.asText());
    }
    return new CompatibilityResult(verdict.asBoolean(), messages);
  }

  @Override
  public void updateCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode body = MAPPER.createObjectNode().put("compatibility", level.name());
    call("PUT", "/config/" + encode(subject), body, "set compatibility " + level + " on subject '" + subject + "'");
  }

  @Override
  public List<String> getAllSubjects() {
    JsonNode reply = call("GET", "/subjects", null, "list subjects");
    List<String> subjects = new ArrayList<>();
    reply.forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  private Integer cachedId(String subject, Schema schema) {
    Map<Schema, Integer> bySchema = idCache.get(subject);
    return bySchema == null ? null : bySchema.get(schema);
  }

  private void remember(String subject, Schema original, int id, Schema neutral) {
    idCache.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(original, id);
    schemaCache.putIfAbsent(id, neutral);
  }

  private static ObjectNode schemaBody(Schema schema) {
    // schemaType omitted: AVRO is the default everywhere, and older registries reject the field.
    return MAPPER.createObjectNode().put("schema", schema.toString());
  }

  private static Schema parseSchema(JsonNode reply, String context) {
    JsonNode type = reply.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new RegistryException(context, 200, -1, "schema type " + type.asText() + " is not Avro");
    }
    JsonNode text = reply.get("schema");
    if (text == null || !text.isTextual()) {
      throw new RegistryException(context, 200, -1, "reply has no 'schema' string: " + abbreviate(reply.toString()));
    }
    try {
      return AvroSchemas.parse(text.asText());
    } catch (SchemaParseException e) {
      throw new RegistryException(context, 200, -1, "registry returned an unparsable Avro schema: " + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonNode reply, String field, String context) {
    JsonNode value = reply.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new RegistryException(context, 200, -1, "reply has no integer '" + field + "': " + abbreviate(reply.toString()));
    }
    return value.asInt();
  }

  /** One REST call, trying each base URL in turn while the previous ones cannot be reached. */
  private JsonNode call(String method, String path, JsonNode body, String what) {
    IOException lastFailure = null;
    String lastUrl = null;
    for (String base : baseUrls) {
      String url = base + path;
      lastUrl = url;
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
          .timeout(requestTimeout)
          .header("Accept", ACCEPT);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE)
            .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        lastFailure = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(what + " (" + method + " " + url + ")", 0, -1, "interrupted", e);
      }
      String text = response.body() == null ? "" : response.body();
      if (response.statusCode() / 100 == 2) {
        try {
          return text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
        } catch (IOException e) {
          throw new RegistryException(what + " (" + method + " " + url + ")", response.statusCode(), -1,
              "reply is not JSON: " + abbreviate(text), e);
        }
      }
      throw failure(what + " (" + method + " " + url + ")", response.statusCode(), text);
    }
    throw new RegistryException(what + " (" + method + " " + lastUrl + ")", 0, -1, String.valueOf(lastFailure),
        lastFailure);
  }

  private static RegistryException failure(String context, int status, String text) {
    int code = -1;
    String message = abbreviate(text);
    try {
      JsonNode error = MAPPER.readTree(text);
      if (error != null && error.isObject()) {
        if (error.hasNonNull("error_code")) {
          code = error.get("error_code").asInt(-1);
        }
        if (error.hasNonNull("message")) {
          message = error.get("message").asText();
        }
      }
    } catch (IOException ignored) {
      // not JSON (a proxy's HTML page, say): keep the raw text
    }
    return new RegistryException(context, status, code, message);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }
}
