// Derived from JCodec 0.2.5 (org.jcodec:jcodec, www.jcodec.org), FreeBSD licence: see package-info.java.
// Changed for Robusta: see the package documentation for what and why.
package dev.robusta.codec.h264.decoder;

/**
 * A reader for H.264 macroblocks
 * 
 * @author The JCodec project
 */
public class MBlockReader {

}
