/**
 * SCTP wire formats: the common header and checksum, one class per chunk, and the parameters and error causes
 * this stack reads or writes (RFC 9260, RFC 3758, RFC 6525), plus DCEP messages (RFC 8832). Hot-path chunks (DATA,
 * SACK) are read and written in place on byte arrays; control chunks parse into small records. Parsers throw
 * {@link dev.robusta.sctp.wire.SctpParseException} only.
 */
package dev.robusta.sctp.wire;
