package io.lifeboat.format.storage;

import io.lifeboat.format.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (AWS or any S3-compatible server: MinIO, Ceph, s3proxy), under an optional key prefix.
 *
 * <p>A put reads at most one part into memory at a time. A stream that ends within the first part is stored with one
 * PutObject; a longer one becomes a multipart upload, which S3 makes visible under the key only when it completes,
 * and which is aborted on any failure so nothing partial ever appears. Parts are {@value #DEFAULT_PART_SIZE} bytes
 * by default and double every {@value #PARTS_PER_SIZE_STEP} parts (S3 allows 10,000), so memory per put stays at
 * 8 MiB for objects up to about 8 GiB and grows only for larger ones (16 MiB up to ~24 GiB, 32 MiB up to ~56 GiB).
 *
 * <p>Errors: 404 is {@link Reason#NOT_FOUND}; 401/403 and other 4xx are {@link Reason#REFUSED}; 5xx, 408, 429 and
 * connection failures are {@link Reason#UNAVAILABLE}. Credentials come from an {@link AwsCredentialsProvider} and
 * appear in no message; {@link #describe()} is {@code s3://bucket/prefix}.
 */
public final class S3Storage implements Storage, AutoCloseable {

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final int PARTS_PER_SIZE_STEP = 1_000;
    private static final int MAX_PARTS = 10_000;
    private static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);

    private final S3Client s3;
    private final String bucket;
    private final String root;
    private final String storageClass;
    private final int partSize;
    private final String description;

    private S3Storage(Builder builder) {
        this.bucket = Objects.requireNonNull(builder.bucket, "bucket");
        this.root = normalizePrefix(builder.prefix);
        this.storageClass = builder.storageClass;
        if (builder.partSize < MIN_PART_SIZE || builder.partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size " + builder.partSize + " is outside [" + MIN_PART_SIZE
                    + ", " + MAX_PART_SIZE + "]");
        }
        this.partSize = builder.partSize;
        this.description = "s3://" + bucket + (root.isEmpty() ? "" : "/" + root.substring(0, root.length() - 1));
        var client = S3Client.builder()
                .region(Region.of(builder.region))
                .credentialsProvider(builder.credentials != null ? builder.credentials
                        : DefaultCredentialsProvider.builder().build())
                .forcePathStyle(builder.pathStyleAccess)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(builder.connectTimeout)
                        .socketTimeout(builder.socketTimeout))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(builder.maxAttempts))
                        .executionInterceptors(List.copyOf(builder.interceptors)));
        if (builder.endpoint != null) {
            client.endpointOverride(builder.endpoint);
        }
        this.s3 = client.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long put(String key, InputStream data) {
        String objectKey = objectKey(key);
        byte[] part = new byte[partSize];
        int n = readPart(key, data, part);
        if (n < part.length) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE)
                                .storageClass(storageClass).contentLength((long) n),
                        body(part, n));
                LOG.debug("put '{}' ({} bytes) in {}", key, n, description);
                return n;
            } catch (SdkException e) {
                throw failure("unable to write", key, e);
            }
        }
        return putMultipart(key, objectKey, data, part);
    }

    private long putMultipart(String key, String objectKey, InputStream data, byte[] firstPart) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE)
                    .storageClass(storageClass)).uploadId();
        } catch (SdkException e) {
            throw failure("unable to start a multipart upload of", key, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = firstPart;
            int n = part.length;
            long total = 0;
            while (n > 0) {
                int partNumber = parts.size() + 1;
                int length = n;
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) length), body(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
                total += n;
                if (n < part.length) {
                    break;
                }
                if (parts.size() == MAX_PARTS) {
                    throw new StorageException(Reason.REFUSED, "unable to write '" + key + "' to " + description
                            + ": larger than " + MAX_PARTS + " parts", null);
                }
                int nextSize = partSize(parts.size() + 1);
                if (nextSize != part.length) {
                    part = new byte[nextSize];
                }
                n = readPart(key, data, part);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            LOG.debug("put '{}' ({} bytes, {} parts) in {}", key, total, parts.size(), description);
            return total;
        } catch (SdkException e) {
            StorageException failure = failure("unable to write", key, e);
            abort(key, objectKey, uploadId, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            abort(key, objectKey, uploadId, e);
            throw e;
        }
    }

    /** Size of part {@code partNumber} (1-based): the configured size, doubled every {@value #PARTS_PER_SIZE_STEP}. */
    int partSize(int partNumber) {
        long size = (long) partSize << Math.min(20, (partNumber - 1) / PARTS_PER_SIZE_STEP);
        return (int) Math.min(size, MAX_PART_SIZE);
    }

    private void abort(String key, String objectKey, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
            LOG.warn("unable to abort the multipart upload of '{}' in {}; it stays invisible and a lifecycle rule"
                    + " for incomplete uploads removes it: {}", key, description, e.getMessage());
        }
    }

    /** Reads until {@code part} is full or the stream ends; returns the bytes read. */
    private int readPart(String key, InputStream data, byte[] part) {
        int filled = 0;
        try {
            while (filled < part.length) {
                int n = data.read(part, filled, part.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            return filled;
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to write '" + key + "' to " + description
                    + ": reading the data failed: " + e.getMessage(), e);
        }
    }

    private static RequestBody body(byte[] bytes, int length) {
        // a provider, not fromBytes: no copy of the part, and the SDK can replay it on a retry
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                CONTENT_TYPE);
    }

    /** PutObject with {@code If-None-Match: *} (AWS S3 and MinIO honour it; a 412 means the object exists). */
    @Override
    public boolean putIfAbsent(String key, InputStream data) {
        String objectKey = objectKey(key);
        byte[] bytes;
        try {
            bytes = data.readAllBytes();
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to write '" + key + "' to " + description
                    + ": reading the data failed: " + e.getMessage(), e);
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE).ifNoneMatch("*")
                    .contentLength((long) bytes.length), body(bytes, bytes.length));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw failure("unable to write", key, e);
        } catch (SdkException e) {
            throw failure("unable to write", key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        String objectKey = objectKey(key);
        try {
            return new ObjectStream(key, s3.getObject(b -> b.bucket(bucket).key(objectKey)));
        } catch (SdkException e) {
            throw failure("unable to open", key, e, " for read");
        }
    }

    @Override
    public boolean exists(String key) {
        String objectKey = objectKey(key);
        try {
            s3.headObject(b -> b.bucket(bucket).key(objectKey));
            return true;
        } catch (SdkException e) {
            StorageException failure = failure("unable to stat", key, e);
            if (failure.reason() == Reason.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }

    @Override
    public long size(String key) {
        String objectKey = objectKey(key);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(objectKey)).contentLength();
        } catch (SdkException e) {
            throw failure("unable to stat", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        return listObjects(prefix).stream().map(ListedObject::key).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The version is the object's ETag (its last-modified time where a server sends no ETag). */
    @Override
    public List<ListedObject> listObjects(String prefix) {
        String listed = root + Objects.requireNonNull(prefix, "prefix");
        try {
            List<ListedObject> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(listed)).contents()) {
                String version = object.eTag() != null ? object.eTag()
                        : object.lastModified() != null ? object.lastModified().toString() : "";
                objects.add(new ListedObject(object.key().substring(root.length()),
                        object.size() == null ? 0 : object.size(), version));
            }
            // S3 sorts by UTF-8 bytes; the contract sorts like the other drivers, by String order
            objects.sort(Comparator.comparing(ListedObject::key));
            return objects;
        } catch (SdkException e) {
            throw failure("unable to list", prefix, e);
        }
    }

    /** Aborts multipart uploads under this location's prefix that were initiated before the time. */
    @Override
    public int removeAbandonedWrites(Instant startedBefore) {
        int removed = 0;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(root))
                    .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(startedBefore)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    removed++;
                }
            }
            return removed;
        } catch (SdkException e) {
            throw failure("unable to remove abandoned uploads", root, e);
        }
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            StorageException failure = failure("unable to delete", key, e);
            if (failure.reason() != Reason.NOT_FOUND) {
                throw failure;
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        return root + ObjectKeys.requireValid(key);
    }

    private StorageException failure(String action, String key, SdkException e) {
        return failure(action, key, e, "");
    }

    /** Classifies an SDK failure; the message quotes the key and the location, never credentials. */
    private StorageException failure(String action, String key, SdkException e, String suffix) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String detail = "http " + status + (code == null ? "" : " " + code);
            if (status == 404 && !"NoSuchBucket".equals(code)) {
                return new StorageException(Reason.NOT_FOUND, "object '" + key + "' not found in " + description,
                        e);
            }
            Reason reason = status >= 500 || status == 408 || status == 429 ? Reason.UNAVAILABLE : Reason.REFUSED;
            return new StorageException(reason, action + " '" + key + "'" + suffix + " in " + description + ": "
                    + detail, e);
        }
        return new StorageException(Reason.UNAVAILABLE, action + " '" + key + "'" + suffix + " in " + description
                + ": " + e.getMessage(), e);
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        String trimmed = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    @Override
    public String toString() {
        return "S3Storage[" + description + "]";
    }

    /**
     * An object being read. Closing it before its end aborts the connection instead of draining the rest of a
     * possibly huge object.
     */
    private final class ObjectStream extends FilterInputStream {

        private final String key;
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        ObjectStream(String key, ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.key = key;
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (SdkException e) {
                throw new IOException("unable to read '" + key + "' from " + description + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                ended |= n < 0;
                return n;
            } catch (SdkException e) {
                throw new IOException("unable to read '" + key + "' from " + description + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    /** Where and how to reach a bucket. Only {@link #bucket} is required. */
    public static final class Builder {

        private String bucket;
        private String prefix = "";
        private String region = "us-east-1";
        private URI endpoint;
        private boolean pathStyleAccess;
        private AwsCredentialsProvider credentials;
        private String storageClass;
        private int partSize = DEFAULT_PART_SIZE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 3;
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Observes every SDK request and response (metrics, tracing, request logs). */
        public Builder addExecutionInterceptor(ExecutionInterceptor interceptor) {
            this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** Key prefix inside the bucket, e.g. {@code lifeboat/prod}; a trailing '/' is added. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Endpoint of an S3-compatible server, e.g. {@code http://minio:9000}; AWS's own endpoints when unset. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Path-style addressing ({@code host/bucket/key}), which most S3-compatible servers need. */
        public Builder pathStyleAccess(boolean pathStyleAccess) {
            this.pathStyleAccess = pathStyleAccess;
            return this;
        }

        /** Where credentials come from; the SDK's default chain when unset. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** S3 storage class of new objects, e.g. {@code GLACIER_IR} or {@code DEEP_ARCHIVE} for the cold tier. */
        public Builder storageClass(String storageClass) {
            this.storageClass = storageClass;
            return this;
        }

        /** Size of the first multipart parts (and the memory a put holds), at least 5 MiB. */
        public Builder partSize(int partSize) {
            this.partSize = partSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
            return this;
        }

        /** Attempts per request, including the first (the SDK retries transient failures). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public S3Storage build() {
            return new S3Storage(this);
        }
    }
}
