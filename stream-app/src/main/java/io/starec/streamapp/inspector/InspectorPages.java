package io.starec.streamapp.inspector;

import com.sun.net.httpserver.HttpExchange;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent inspector's static files (HTML, JS, CSS from this package's resources) under {@value #PATH}. They hold
 * no data, so they need no token; their scripts fetch {@code /users/{id}/agent} and {@code /live} with the token
 * the user gives (in the page's {@code #token=} fragment, which browsers never send to a server). A strict content
 * security policy allows only these files: no inline script, no other origin.
 */
public final class InspectorPages {

  public static final String PATH = "/inspector";
  private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css)");
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private InspectorPages() {}

  public static void serve(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod())) {
      ServiceHttpServer.send(ex, 405, "text/plain; charset=utf-8", "only GET");
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (path.equals(PATH)) {
      ex.getResponseHeaders().set("Location", PATH + "/");
      ServiceHttpServer.send(ex, 301, "text/plain; charset=utf-8", "see " + PATH + "/");
      return;
    }
    String name = path.equals(PATH + "/") ? "index.html" : path.substring(PATH.length() + 1);
    byte[] body = FILE.matcher(name).matches() ? resource(name) : null;
    if (body == null) {
      ServiceHttpServer.send(ex, 404, "text/plain; charset=utf-8", "no such page: " + name);
      return;
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ServiceHttpServer.send(ex, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = InspectorPages.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
