package io.starec.loadtest.drill;

import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stream app as a plain process for the drills: {@code java -cp ... io.starec.loadtest.drill.StreamAppMain
 * key=value ...} (StreamAppConfig keys). Prints {@code STAREC_STREAM_APP_READY port=<http port>} on stdout once
 * started; SIGTERM closes it cleanly, SIGKILL is what the kill drill is about.
 */
public final class StreamAppMain {

  static final String READY = "STAREC_STREAM_APP_READY port=";

  private StreamAppMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> cfg = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got " + a);
      }
      cfg.put(a.substring(0, eq), a.substring(eq + 1));
    }
    StreamApp app = StreamApp.start(new StreamAppConfig(cfg));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close(Duration.ofSeconds(20)), "stream-app-stop"));
    System.out.println(READY + app.httpPort());
    System.out.flush();
    app.awaitTermination();
  }
}
