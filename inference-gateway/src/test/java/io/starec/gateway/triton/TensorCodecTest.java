package io.starec.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

  @Test
  void bytesElementsAreLittleEndianLengthPrefixed() {
    ByteString raw = TensorCodec.bytes(List.of("abc".getBytes(StandardCharsets.UTF_8), new byte[0],
        "é".getBytes(StandardCharsets.UTF_8)));

    assertThat(raw.toByteArray()).containsExactly(3, 0, 0, 0, 'a', 'b', 'c', 0, 0, 0, 0, 2, 0, 0, 0,
        (byte) 0xC3, (byte) 0xA9);
    assertThat(TensorCodec.decodeBytes(raw)).extracting(b -> new String(b, StandardCharsets.UTF_8))
        .containsExactly("abc", "", "é");
  }

  @Test
  void lengthsAboveTwoGigabytesAreReadUnsignedAndRejected() {
    ByteString raw = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
    assertThatThrownBy(() -> TensorCodec.decodeBytes(raw)).hasMessageContaining("4294967295 bytes");
  }

  @Test
  void malformedBytesTensorsAreRejected() {
    assertThatThrownBy(() -> TensorCodec.decodeBytes(ByteString.copyFrom(new byte[] {5, 0, 0, 0, 'a'})))
        .hasMessageContaining("element of 5 bytes but only 1 left");
    assertThatThrownBy(() -> TensorCodec.decodeBytes(ByteString.copyFrom(new byte[] {1, 0})))
        .hasMessageContaining("truncated length prefix");
    assertThat(TensorCodec.decodeBytes(ByteString.EMPTY)).isEmpty();
  }

  @Test
  void fixedWidthTypesAreLittleEndian() {
    assertThat(TensorCodec.int32(1, 256).toByteArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 0);
    assertThat(TensorCodec.uint64(-1L).toByteArray()).containsOnly((byte) 0xff).hasSize(8);
    assertThat(TensorCodec.bool(true, false).toByteArray()).containsExactly(1, 0);
    assertThat(TensorCodec.decodeFp32(TensorCodec.fp32(1.5f, -2f))).containsExactly(1.5f, -2f);
    assertThat(TensorCodec.decodeInt32(TensorCodec.int32(7, -7))).containsExactly(7, -7);
    assertThatThrownBy(() -> TensorCodec.decodeFp32(ByteString.copyFrom(new byte[3])))
        .hasMessageContaining("not a multiple of 4");
  }
}
