package io.starec.trainer.group;

import io.starec.avro.RewardRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A reward record with the topic position it was read from (needed to commit behind durable output) and its size
 * on the topic (what the group buffers' byte budget counts).
 */
public record GroupMember(RewardRecord record, TopicPartition partition, long offset, int bytes) {}
