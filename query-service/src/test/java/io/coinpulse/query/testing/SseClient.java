package io.coinpulse.query.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain Server-Sent Events client for tests: connects with the JDK's HTTP client, parses the
 * event stream as the HTML spec says (id, event, data, retry; comments ignored) and queues every
 * event. No retry logic: tests reconnect explicitly with {@code Last-Event-ID}.
 */
public final class SseClient implements AutoCloseable {

    /** One event as received. */
    public record Event(String id, String name, String data, Long retry) {
    }

    /** HTTP/1.1 as a browser's EventSource over http:// speaks it: one connection per client, no h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;
    private volatile String lastEventId;
    private final java.util.Set<String> otherFields = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with the given request headers; fails unless the answer is a 200 event stream. */
    public static SseClient open(URI url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new IllegalStateException("stream answered " + response.statusCode() + ": " + body);
        }
        return new SseClient(response);
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The id of the last event with an id received. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Field names received that the SSE format does not define (it says to ignore them). */
    public java.util.Set<String> otherFields() {
        return java.util.Set.copyOf(otherFields);
    }

    /** The next event, failing after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event;
    }

    /** The next {@code count} events of {@code name}, skipping others (heartbeats), all within {@code timeout}. */
    public List<Event> next(String name, int count, Duration timeout) throws InterruptedException {
        List<Event> matching = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching.size() < count) {
            long left = deadline - System.nanoTime();
            Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("got " + matching.size() + " of " + count + " '" + name + "' events: "
                        + matching);
            }
            if (event.name().equals(name)) {
                matching.add(event);
            }
        }
        return matching;
    }

    /** Waits for the first event that satisfies {@code condition}, dropping the others. */
    public Event await(Predicate<Event> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (condition.test(event)) {
                return event;
            }
        }
    }

    /** Events received and not yet taken, without waiting. */
    public List<Event> drain() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing a dropped connection
        }
        reader.interrupt();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            Long retry = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        events.add(new Event(id, name == null ? "message" : name, data.toString(), retry));
                    }
                    id = null;
                    name = null;
                    retry = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "retry" -> retry = Long.parseLong(value);
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> otherFields.add(field);
                }
            }
        } catch (IOException closed) {
            // the test closed the stream, or the server dropped it
        }
    }
}
