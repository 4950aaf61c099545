package io.starec.trainer.export;

import java.io.Closeable;
import java.io.IOException;

/** Writes rows of one type to one open file. {@link #close()} makes the bytes durable (fsync). */
public interface RowWriter<T> extends Closeable {

  void write(T row) throws IOException;

  /** Bytes reached the file so far (a Parquet writer buffers a row group in memory first). */
  long bytesWritten();
}
