package io.relaycast.server;

/** Names of every handler the server puts in a pipeline, in one place so reconfiguration reads clearly. */
public final class PipelineNames {

    public static final String PROXY_SNIFFER = "proxyProtocolSniffer";
    public static final String PROXY_DECODER = "proxyProtocolDecoder";
    public static final String PROXY_HEADER = "proxyHeader";
    public static final String TLS = "tls";
    public static final String SNIFFER = "protocolSniffer";
    public static final String HEADER_TIMEOUT = "headerTimeout";
    public static final String HTTP_DECODER = "httpDecoder";
    public static final String HTTP_ENCODER = "httpEncoder";
    /** The access log's line for each answer of the HTTP layer; taken out when the connection becomes a stream. */
    public static final String ACCESS_LOG = "accessLog";
    /** The station's {@code http-headers}, added to HTTP answers; only while it has some. */
    public static final String EXTRA_HEADERS = "extraHeaders";
    public static final String ROUTER = "requestRouter";
    public static final String AGGREGATOR = "httpAggregator";
    public static final String ENDPOINTS = "endpointDispatcher";
    public static final String SOURCE_HOLD = "sourceHold";
    public static final String DISCARD = "discard";
    public static final String SOURCE_IDLE = "sourceIdle";
    public static final String CHUNKED_BODY = "chunkedBody";
    public static final String FIXED_LENGTH_BODY = "fixedLengthBody";
    /** Ends a source whose first bytes are another codec's; leaves once they are not. */
    public static final String FOREIGN_AUDIO = "foreignAudioSniffer";
    public static final String FRAME_DECODER = "mp3FrameDecoder";
    public static final String SOURCE_INGEST = "sourceIngest";
    public static final String LISTENER = "listener";
    public static final String FILE_SENDER = "fileSender";
    public static final String FILE_TIMEOUT = "fileTimeout";
    public static final String INPUT_END = "inputEnd";
    public static final String EXCEPTIONS = "exceptions";
    public static final String MANAGEMENT = "management";
    /** Tells a management connection beyond the most open at once 503, and closes it. */
    public static final String CONNECTION_CAP = "connectionCap";

    private PipelineNames() {
    }
}
