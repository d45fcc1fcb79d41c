package io.lifeboat.runtime.inbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Receives webhook POSTs on a free loopback port and keeps their bodies. */
public final class WebhookInbox implements AutoCloseable {

    /** One delivery: the request path, its headers of interest and the body. */
    public record Delivery(String path, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();

    private WebhookInbox(HttpServer server) {
        this.server = server;
    }

    public static WebhookInbox start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            WebhookInbox inbox = new WebhookInbox(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    Delivery d = new Delivery(exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("X-Lifeboat-Signature"),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    inbox.deliveries.add(d);
                    inbox.listeners.forEach(l -> l.accept(d));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return inbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook inbox", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/on-call");
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public void onDelivery(Consumer<Delivery> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
