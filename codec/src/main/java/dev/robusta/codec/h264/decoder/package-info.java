/**
 * The H.264 decoding core: JCodec 0.2.5's decoder ({@code org.jcodec.codecs.h264.H264Decoder} and its
 * {@code decode}, {@code decode.aso}, {@code decode.deblock} packages and {@code io.CAVLC}), copied under JCodec's
 * FreeBSD licence (below) and changed where it was wrong or slow. Parameter-set and slice-header models, constant
 * tables and the bit reader still come from the JCodec library itself.
 *
 * <p>Changes from JCodec 0.2.5 (each marked "Robusta:" in the code):
 * <ul>
 *   <li>the deblocking filter honours {@code disable_deblocking_filter_idc == 1} (JCodec filtered every
 *       macroblock, so streams made without the loop filter, such as x264's ultrafast preset, drifted from the
 *       first frame);</li>
 *   <li>further corrections and speed-ups listed in the classes.</li>
 * </ul>
 *
 * <p>Not public API: use {@link dev.robusta.codec.h264.H264Decoder}.
 *
 * <pre>
 * JCodec licence (applies to the files of this package that say they are derived from JCodec):
 *
 * Redistribution and use in source and binary forms, with or without modification, are permitted provided that the
 * following conditions are met:
 *
 * Redistributions of source code must retain the above copyright notice, this list of conditions and the following
 * disclaimer. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and
 * the following disclaimer in the documentation and/or other materials provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES,
 * INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
 * SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
 * WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE
 * USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 * </pre>
 */
package dev.robusta.codec.h264.decoder;
