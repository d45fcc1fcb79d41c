package io.lifeboat.format.storage;

import java.net.URI;
import java.nio.file.Path;

/**
 * A named place where every backup is copied, as configured: {@code name}, {@code tier} and a {@code url}:
 * {@code file:/path} or a plain path for the filesystem driver, or
 * {@code s3://bucket/prefix?endpoint=http://host:9000&region=eu-central-1&storage-class=GLACIER&path-style=true}
 * for the S3 driver (every parameter optional; region defaults to us-east-1, path-style to true when an endpoint is
 * given). S3 credentials come from the AWS default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, the
 * aws.accessKeyId / aws.secretAccessKey system properties, profiles, instance roles), never from the url.
 */
public record StorageLocation(String name, StorageTier tier, String url) {

    public StorageLocation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("storage location needs a 'name'");
        }
        if (tier == null) {
            throw new IllegalArgumentException("storage location '" + name + "' needs a 'tier' (PRIMARY, SECONDARY or COLD)");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("storage location '" + name + "' needs a 'url'");
        }
    }

    /** Opens the driver this location's URL names; S3 credentials come from the AWS default chain. */
    public Storage open() {
        return open(null);
    }

    /**
     * Opens the driver this location's URL names, with explicit S3 credentials ({@code null}: the AWS default
     * chain). A filesystem location ignores them.
     */
    public Storage open(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider s3Credentials) {
        if (url.startsWith("file:")) {
            return new FilesystemStorage(Path.of(URI.create(url)));
        }
        if (url.startsWith("/") || url.startsWith(".")) {
            return new FilesystemStorage(Path.of(url));
        }
        if (url.startsWith("s3://")) {
            return openS3(s3Credentials);
        }
        throw new IllegalArgumentException("storage location '" + name + "' has url " + quotedUrl()
                + " of a kind this build cannot open (expected file:/path or s3://bucket/prefix)");
    }

    /**
     * The url for messages: quoted, unless it holds an '@' anywhere. Then it may hold credentials, in a shape no
     * parser can be trusted to find (an unknown scheme, a secret with a '/' in it), so it is not shown at all.
     */
    private String quotedUrl() {
        return url.indexOf('@') < 0 ? "'" + url + "'" : "(not shown: it has an '@', so it may hold credentials)";
    }

    /** Without the url if it may hold credentials: configuration records are printed by binders and validators. */
    @Override
    public String toString() {
        return "StorageLocation[name=" + name + ", tier=" + tier + ", url=" + quotedUrl() + "]";
    }

    private S3Storage openS3(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("storage location '" + name + "' has an invalid s3 url: "
                    + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            // never quote the url here: it holds the credentials
            throw new IllegalArgumentException("storage location '" + name + "' has credentials in its s3 url;"
                    + " give them through the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) instead");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("storage location '" + name + "' has s3 url " + quotedUrl()
                    + " without a bucket");
        }
        S3Storage.Builder builder = S3Storage.builder().bucket(uri.getHost()).region("us-east-1");
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() > 1) {
            builder.prefix(path.substring(1));
        }
        boolean pathStyle = false;
        boolean pathStyleGiven = false;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                switch (key) {
                    case "endpoint" -> {
                        builder.endpoint(URI.create(value));
                        pathStyle = pathStyleGiven ? pathStyle : true;
                    }
                    case "region" -> builder.region(value);
                    case "storage-class" -> builder.storageClass(value);
                    case "path-style" -> {
                        pathStyle = Boolean.parseBoolean(value);
                        pathStyleGiven = true;
                    }
                    default -> throw new IllegalArgumentException("storage location '" + name
                            + "' has unknown s3 url parameter '" + key
                            + "' (known: endpoint, region, storage-class, path-style)");
                }
            }
        }
        if (credentials != null) {
            builder.credentials(credentials);
        }
        return builder.pathStyleAccess(pathStyle).build();
    }
}
