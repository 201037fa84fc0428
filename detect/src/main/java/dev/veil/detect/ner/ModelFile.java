package dev.veil.detect.ner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained tagger weights: a gzipped header (magic, version, bucket count, quantisation step)
 * followed by one signed 16-bit quantised weight per bucket and tag slot.
 */
final class ModelFile {

  static final String RESOURCE = "ner-model.bin.gz";
  private static final int MAGIC = 0x564e4552;
  private static final int VERSION = 1;

  private ModelFile() {}

  /** Quantised weights and the value of one unit. */
  record Weights(short[] values, float step) {}

  static Weights read(InputStream raw) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a Veil NER model of version " + VERSION);
      }
      int buckets = in.readInt();
      if (buckets <= 0 || Integer.bitCount(buckets) != 1 || buckets > 1 << 24) {
        throw new IOException("bad bucket count");
      }
      float step = in.readFloat();
      short[] w = new short[buckets * Tagger.STRIDE];
      byte[] buf = new byte[w.length * 2];
      in.readFully(buf);
      for (int i = 0; i < w.length; i++) {
        w[i] = (short) ((buf[2 * i] << 8) | (buf[2 * i + 1] & 0xff));
      }
      return new Weights(w, step);
    }
  }

  /** Quantises {@code w} to 16 bits, with headroom so that sums of many weights fit an int. */
  static Weights quantise(float[] w) {
    float max = 0;
    for (float v : w) {
      max = Math.max(max, Math.abs(v));
    }
    float step = max == 0 ? 1 : max / 32767f;
    short[] q = new short[w.length];
    for (int i = 0; i < w.length; i++) {
      q[i] = (short) Math.round(w[i] / step);
    }
    return new Weights(q, step);
  }

  static void write(Weights weights, OutputStream raw) throws IOException {
    short[] w = weights.values();
    float step = weights.step();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(w.length / Tagger.STRIDE);
      out.writeFloat(step);
      for (short v : w) {
        out.writeShort(v);
      }
    }
  }
}
