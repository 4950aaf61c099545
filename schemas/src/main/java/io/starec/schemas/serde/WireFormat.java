package io.starec.schemas.serde;

import java.nio.ByteBuffer;

/** Confluent wire format: byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the 5-byte header. */
  public static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
  }

  /** The schema id of a well-formed message, or -1 when the bytes are too short or the magic byte is wrong. */
  public static int schemaIdOrMinusOne(byte[] data) {
    if (data == null || data.length < HEADER_SIZE || data[0] != MAGIC_BYTE) {
      return -1;
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}
