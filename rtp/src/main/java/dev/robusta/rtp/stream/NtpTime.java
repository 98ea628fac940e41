package dev.robusta.rtp.stream;

/** NTP timestamps (RFC 5905 section 6): 64-bit fixed point, seconds since 1900 in the high 32 bits. */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_EPOCH_SECONDS = 2_208_988_800L;

    private NtpTime() {}

    /** The NTP timestamp of a Unix time in nanoseconds. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + UNIX_EPOCH_SECONDS) << 32) | fraction;
    }

    /** Milliseconds since the Unix epoch of an NTP timestamp (era 0, 1900-2036), with fractions. */
    public static double toUnixMillis(long ntp) {
        long seconds = (ntp >>> 32) - UNIX_EPOCH_SECONDS;
        double fraction = (ntp & 0xFFFF_FFFFL) / 4294967296.0;
        return (seconds + fraction) * 1000.0;
    }

    /** The middle 32 bits, as LSR carries them: 16.16 fixed-point seconds. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A duration in nanoseconds as 1/65536 s units (DLSR), saturating at 32 bits. */
    public static long toCompactDuration(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        if (nanos >= 1L << 47) {
            return 0xFFFF_FFFFL; // beyond 65536 s either way
        }
        return Math.min((nanos << 16) / 1_000_000_000L, 0xFFFF_FFFFL);
    }

    /** 1/65536 s units in nanoseconds. */
    public static long fromCompactDuration(long units) {
        return units * 1_000_000_000L >>> 16;
    }
}
