package io.starec.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one payload that refuses, before anything is allocated, every length the rest of the
 * payload cannot hold. Avro's {@link BinaryDecoder} allocates first (ten bytes claiming a 500,000,000-byte string
 * allocate 500 MB, then fail; a claimed array of 2^30 items pre-sizes a list of 2^30), and its
 * {@code org.apache.avro.limits.*.maxLength} properties are JVM-wide absolute caps (default 2^31 - 9), not bounds
 * relative to the payload.
 *
 * <ul>
 *   <li>A string or bytes length must fit in the bytes left.</li>
 *   <li>Every array item and map entry takes at least one byte, except array items of a type that encodes to
 *       nothing (null, fixed(0), a record of such fields). Without such arrays in the writer schema, a block count
 *       must fit in the bytes left, and the items of all collections of the record together in the payload: a
 *       count is charged to the whole record, so nested collections cannot multiply the claim. With them, the
 *       record may hold {@value #MAX_EMPTY_ITEMS} items more than its bytes.</li>
 * </ul>
 * A refused length is an {@link EOFException} (the payload ends before what it claims), the empty-item cap a
 * {@link SystemLimitException}.
 */
final class BoundedDecoder extends Decoder {

  /** Array items beyond the payload's bytes a record may hold when its schema has arrays of empty items. */
  static final int MAX_EMPTY_ITEMS = 100_000;

  private final BinaryDecoder in;
  /** Over a byte array the decoder's whole source is its buffer, so this stream's available() is what is left. */
  private final InputStream unread;
  private final boolean emptyItems;
  private final long itemBudget;
  private long items;

  /**
   * @param emptyItems whether the writer schema has arrays of items that encode to nothing ({@link
   *     #hasEmptyItemArrays})
   */
  BoundedDecoder(byte[] data, int offset, int length, boolean emptyItems) {
    this.in = DecoderFactory.get().binaryDecoder(data, offset, length, null);
    this.unread = in.inputStream();
    this.emptyItems = emptyItems;
    this.itemBudget = length + (emptyItems ? (long) MAX_EMPTY_ITEMS : 0L);
  }

  /** True when the payload is used up. */
  boolean isEnd() throws IOException {
    return in.isEnd();
  }

  /** Whether {@code writer} has an array whose items can encode to zero bytes. */
  static boolean hasEmptyItemArrays(Schema writer) {
    return hasEmptyItemArrays(writer, new HashSet<>());
  }

  private static boolean hasEmptyItemArrays(Schema s, Set<String> visited) {
    return switch (s.getType()) {
      case RECORD -> visited.add(s.getFullName())
          && s.getFields().stream().anyMatch(f -> hasEmptyItemArrays(f.schema(), visited));
      case ARRAY -> encodesEmpty(s.getElementType(), new HashSet<>()) || hasEmptyItemArrays(s.getElementType(), visited);
      case MAP -> hasEmptyItemArrays(s.getValueType(), visited);
      case UNION -> s.getTypes().stream().anyMatch(t -> hasEmptyItemArrays(t, visited));
      default -> false;
    };
  }

  /** Whether a value of {@code s} can take zero bytes (a record that contains itself directly counts as empty). */
  private static boolean encodesEmpty(Schema s, Set<String> visited) {
    return switch (s.getType()) {
      case NULL -> true;
      case FIXED -> s.getFixedSize() == 0;
      case RECORD -> !visited.add(s.getFullName()) || s.getFields().stream().allMatch(f -> encodesEmpty(f.schema(), visited));
      default -> false;
    };
  }

  /** Reads a string or bytes length and refuses it unless the rest of the payload holds it. */
  private int length(String what) throws IOException {
    long length = in.readLong();
    int left = unread.available();
    if (length < 0 || length > left) {
      throw new EOFException(what + " of " + length + " bytes claimed, " + left + " bytes left in the payload");
    }
    return (int) length;
  }

  /** Charges a block count to the record and refuses it unless the payload can hold that many items. */
  private long items(long count) throws IOException {
    int left = unread.available();
    if (!emptyItems && count > left) {
      throw new EOFException("block of " + count + " items claimed, " + left + " bytes left in the payload");
    }
    items += count;
    if (items > itemBudget) {
      throw new SystemLimitException(items + " array/map items claimed; this payload holds at most " + itemBudget);
    }
    return count;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(length("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] bytes = new byte[length("bytes")];
    in.readFixed(bytes);
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(length("bytes"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return items(in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return items(in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return items(in.skipArray());
  }

  @Override
  public long readMapStart() throws IOException {
    return items(in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return items(in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return items(in.skipMap());
  }

  // fixed sizes come from the schema, not the payload; numbers, booleans and indexes are at most 10 bytes

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
