package dev.robusta.sctp.wire;

import java.util.ArrayList;
import java.util.List;

/** RE-CONFIG (RFC 6525 section 3.1): one or two re-configuration parameters. */
public final class ReConfigChunk {
    private ReConfigChunk() {}

    /** Parses the parameters of a RE-CONFIG chunk of {@code len} bytes; unknown parameter types are skipped. */
    public static List<ReconfigParameter> parse(byte[] b, int off, int len) throws SctpParseException {
        List<ReconfigParameter> params = new ArrayList<>(2);
        int end = off + len;
        int p = off + Chunk.HEADER_SIZE;
        while (p < end) {
            int plen = Parameter.checkedLength(b, p, end, "RE-CONFIG");
            int type = Parameter.type(b, p);
            switch (type) {
                case Parameter.OUTGOING_SSN_RESET_REQUEST:
                    params.add(OutgoingSsnResetRequestParameter.parse(b, p, plen));
                    break;
                case Parameter.INCOMING_SSN_RESET_REQUEST:
                    params.add(IncomingSsnResetRequestParameter.parse(b, p, plen));
                    break;
                case Parameter.RECONFIGURATION_RESPONSE:
                    params.add(ReconfigurationResponseParameter.parse(b, p, plen));
                    break;
                case Parameter.SSN_TSN_RESET_REQUEST:
                case Parameter.ADD_OUTGOING_STREAMS_REQUEST:
                case Parameter.ADD_INCOMING_STREAMS_REQUEST:
                    if (plen < 8) {
                        throw new SctpParseException("RE-CONFIG request parameter too short");
                    }
                    params.add(new UnsupportedReconfigRequestParameter(type, Bytes.i32(b, p + 4)));
                    break;
                default:
                    break;
            }
            p += Bytes.padded(plen);
        }
        if (params.isEmpty()) {
            throw new SctpParseException("RE-CONFIG without a known parameter");
        }
        return params;
    }

    /** Writes the chunk header for parameters taking {@code paramBytes} (padded) after it. */
    public static void writeHeader(byte[] b, int off, int paramBytes) {
        Chunk.writeHeader(b, off, Chunk.RE_CONFIG, 0, Chunk.HEADER_SIZE + paramBytes);
    }
}
