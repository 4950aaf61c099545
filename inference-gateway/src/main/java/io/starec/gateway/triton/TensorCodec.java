package io.starec.gateway.triton;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw tensor bytes as KServe v2 / Triton put them in {@code raw_input_contents} / {@code raw_output_contents}:
 * little-endian fixed-size elements; BOOL one byte each; BYTES (strings) as a 4-byte little-endian unsigned
 * length followed by that many bytes, per element.
 */
public final class TensorCodec {

  private TensorCodec() {}

  public static ByteString bytes(List<byte[]> elements) {
    int size = 0;
    for (byte[] e : elements) {
      size += 4 + e.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] e : elements) {
      b.putInt(e.length).put(e);
    }
    return ByteString.copyFrom(b.array());
  }

  public static ByteString string(String s) {
    return bytes(List.of(s.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Decodes BYTES elements.
   *
   * @throws IllegalArgumentException when a length prefix is truncated or runs past the end
   */
  public static List<byte[]> decodeBytes(ByteString raw) {
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      if (b.remaining() < 4) {
        throw new IllegalArgumentException("BYTES tensor: truncated length prefix (" + b.remaining() + " bytes left)");
      }
      long len = Integer.toUnsignedLong(b.getInt());
      if (len > b.remaining()) {
        throw new IllegalArgumentException("BYTES tensor: element of " + len + " bytes but only " + b.remaining()
            + " left");
      }
      byte[] e = new byte[(int) len];
      b.get(e);
      out.add(e);
    }
    return out;
  }

  public static ByteString int32(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return ByteString.copyFrom(b.array());
  }

  /** UINT64 values (two's complement bits; Java has no unsigned long). */
  public static ByteString uint64(long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return ByteString.copyFrom(b.array());
  }

  public static ByteString fp32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return ByteString.copyFrom(b.array());
  }

  public static ByteString bool(boolean... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) (values[i] ? 1 : 0);
    }
    return ByteString.copyFrom(b);
  }

  public static float[] decodeFp32(ByteString raw) {
    if (raw.size() % 4 != 0) {
      throw new IllegalArgumentException("FP32 tensor: " + raw.size() + " bytes is not a multiple of 4");
    }
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.size() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  public static int[] decodeInt32(ByteString raw) {
    if (raw.size() % 4 != 0) {
      throw new IllegalArgumentException("INT32 tensor: " + raw.size() + " bytes is not a multiple of 4");
    }
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[raw.size() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }
}
