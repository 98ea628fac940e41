package dev.robusta.rtp.rtcp;

/**
 * One RTCP packet of a compound packet. Implementations are immutable values; {@link #writeTo} writes the
 * packet, with its common header, in exactly {@link #encodedLength()} bytes (a multiple of 4).
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye, AppPacket,
        GenericNack, PictureLossIndication, FullIntraRequest, Remb, TransportCcFeedback, ExtendedReport,
        UnknownRtcpPacket {

    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int APP = 204;
    /** RFC 4585 transport-layer feedback. */
    int RTPFB = 205;
    /** RFC 4585 payload-specific feedback. */
    int PSFB = 206;
    /** RFC 3611 extended report. */
    int XR = 207;

    /** The packet type (PT) field. */
    int packetType();

    /** The padding after the packet (P bit, RFC 3550 section 6.4.1); {@link Padding#NONE} when the bit is clear. */
    Padding padding();

    /** Bytes {@link #writeTo} writes, padding included. */
    int encodedLength();

    /**
     * Writes the packet at {@code off}.
     *
     * @return the bytes written ({@link #encodedLength()})
     * @throws IndexOutOfBoundsException if it does not fit
     */
    int writeTo(byte[] b, int off);
}
