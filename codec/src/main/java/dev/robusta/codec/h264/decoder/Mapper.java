// Derived from JCodec 0.2.5 (org.jcodec:jcodec, www.jcodec.org), FreeBSD licence: see package-info.java.
// Changed for Robusta: see the package documentation for what and why.
package dev.robusta.codec.h264.decoder;

/**
 * This class is part of JCodec ( www.jcodec.org ) This software is distributed
 * under FreeBSD License
 * 
 * @author The JCodec project
 * 
 */
public interface Mapper {
    boolean leftAvailable(int index);

    boolean topAvailable(int index);

    int getAddress(int index);

    int getMbX(int mbIndex);

    int getMbY(int mbIndex);

    boolean topRightAvailable(int mbIndex);

    boolean topLeftAvailable(int mbIdx);
}
