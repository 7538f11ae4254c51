package io.coinpulse.ingest.source.live;

import java.net.URI;

/** Checking configured URLs at start, with an error that names the configuration key. */
public final class Urls {

    private Urls() {
    }

    /** A ws:// or wss:// URL, or an {@link IllegalStateException} naming {@code key}. */
    public static URI webSocket(String url, String key) {
        return check(url, key, "ws", "wss");
    }

    /** An http:// or https:// URL, or an {@link IllegalStateException} naming {@code key}. */
    public static URI http(String url, String key) {
        return check(url, key, "http", "https");
    }

    /** {@code url} without a trailing slash. */
    public static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static URI check(String url, String key, String plain, String secure) {
        try {
            URI uri = URI.create(url.trim());
            if ((plain.equals(uri.getScheme()) || secure.equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(key + " must be a " + secure + ":// (or " + plain + "://) URL, got " + url);
    }
}
