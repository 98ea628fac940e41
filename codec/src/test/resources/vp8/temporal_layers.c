/*
 * Makes temporal-layers.ivf, a fixture of the VP8 conformance test: three temporal layers in the pattern WebRTC
 * uses (period 4: layer 0 predicts from and updates LAST; layer 1 predicts from LAST and GOLDEN and updates GOLDEN;
 * layer 2 predicts from both and updates nothing, nor the probabilities), error-resilient, real-time CBR, with a key
 * frame forced in the middle as a PLI would. vpxenc has no temporal-layer options, so this drives libvpx's API.
 *
 *   cc -O2 -o temporal_layers temporal_layers.c -lvpx   (Debian: libvpx-dev)
 *   ./temporal_layers clip.y4m temporal-layers.ivf
 *   vpxdec --codec=vp8 --i420 --md5 -o 'f-%6.i420' temporal-layers.ivf | cut -c1-32 > temporal-layers.md5
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vpx/vp8cx.h>
#include <vpx/vpx_encoder.h>

static void put16(unsigned char *b, int v) { b[0] = v; b[1] = v >> 8; }
static void put32(unsigned char *b, unsigned v) { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s in.y4m out.ivf\n", argv[0]); return 2; }
  FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
  if (!in || !out) { perror("open"); return 1; }
  char line[256];
  int w = 0, h = 0;
  if (!fgets(line, sizeof line, in)) return 1;
  for (char *t = strtok(line, " \n"); t; t = strtok(NULL, " \n")) {
    if (t[0] == 'W') w = atoi(t + 1);
    if (t[0] == 'H') h = atoi(t + 1);
  }
  vpx_image_t img;
  if (!vpx_img_alloc(&img, VPX_IMG_FMT_I420, w, h, 1)) return 1;
  vpx_codec_enc_cfg_t cfg;
  vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &cfg, 0);
  cfg.g_w = w;
  cfg.g_h = h;
  cfg.g_timebase.num = 1;
  cfg.g_timebase.den = 30;
  cfg.g_threads = 1;
  cfg.g_lag_in_frames = 0;
  cfg.g_error_resilient = 1;
  cfg.rc_end_usage = VPX_CBR;
  cfg.rc_target_bitrate = 300;
  cfg.ts_number_layers = 3;
  cfg.ts_periodicity = 4;
  unsigned ids[4] = {0, 2, 1, 2};
  memcpy(cfg.ts_layer_id, ids, sizeof ids);
  cfg.ts_rate_decimator[0] = 4;
  cfg.ts_rate_decimator[1] = 2;
  cfg.ts_rate_decimator[2] = 1;
  cfg.ts_target_bitrate[0] = 150;
  cfg.ts_target_bitrate[1] = 225;
  cfg.ts_target_bitrate[2] = 300;
  vpx_codec_ctx_t codec;
  if (vpx_codec_enc_init(&codec, vpx_codec_vp8_cx(), &cfg, 0)) { fprintf(stderr, "init failed\n"); return 1; }
  vpx_codec_control(&codec, VP8E_SET_CPUUSED, -6);

  unsigned char hdr[32] = {'D', 'K', 'I', 'F'};
  put16(hdr + 4, 0);
  put16(hdr + 6, 32);
  memcpy(hdr + 8, "VP80", 4);
  put16(hdr + 12, w);
  put16(hdr + 14, h);
  put32(hdr + 16, 30);
  put32(hdr + 20, 1);
  fwrite(hdr, 1, 32, out);

  size_t ysize = (size_t)w * h, csize = (size_t)((w + 1) / 2) * ((h + 1) / 2);
  for (int frame = 0;; frame++) {
    vpx_image_t *src = &img;
    if (!fgets(line, sizeof line, in) || strncmp(line, "FRAME", 5) != 0) src = NULL;
    if (src) {
      for (int r = 0; r < h; r++) fread(img.planes[0] + r * img.stride[0], 1, w, in);
      for (int p = 1; p < 3; p++)
        for (int r = 0; r < (h + 1) / 2; r++) fread(img.planes[p] + r * img.stride[p], 1, (w + 1) / 2, in);
    }
    (void)ysize;
    (void)csize;
    int layer = ids[frame % 4];
    vpx_enc_frame_flags_t flags;
    if (layer == 0) {
      flags = VP8_EFLAG_NO_REF_GF | VP8_EFLAG_NO_REF_ARF | VP8_EFLAG_NO_UPD_GF | VP8_EFLAG_NO_UPD_ARF;
    } else if (layer == 1) {
      flags = VP8_EFLAG_NO_REF_ARF | VP8_EFLAG_NO_UPD_LAST | VP8_EFLAG_NO_UPD_ARF;
    } else {
      flags = VP8_EFLAG_NO_REF_ARF | VP8_EFLAG_NO_UPD_LAST | VP8_EFLAG_NO_UPD_GF | VP8_EFLAG_NO_UPD_ARF
              | VP8_EFLAG_NO_UPD_ENTROPY;
    }
    if (frame == 20) flags |= VPX_EFLAG_FORCE_KF;
    vpx_codec_control(&codec, VP8E_SET_TEMPORAL_LAYER_ID, layer);
    if (vpx_codec_encode(&codec, src, frame, 1, src ? flags : 0, VPX_DL_REALTIME)) {
      fprintf(stderr, "encode failed\n");
      return 1;
    }
    const vpx_codec_cx_pkt_t *pkt;
    vpx_codec_iter_t iter = NULL;
    int got = 0;
    while ((pkt = vpx_codec_get_cx_data(&codec, &iter))) {
      if (pkt->kind != VPX_CODEC_CX_FRAME_PKT) continue;
      unsigned char fh[12];
      put32(fh, (unsigned)pkt->data.frame.sz);
      put32(fh + 4, (unsigned)pkt->data.frame.pts);
      put32(fh + 8, 0);
      fwrite(fh, 1, 12, out);
      fwrite(pkt->data.frame.buf, 1, pkt->data.frame.sz, out);
      got = 1;
    }
    if (!src && !got) break;
  }
  vpx_codec_destroy(&codec);
  fclose(out);
  return 0;
}
