package io.starec.gateway.backend;

import io.starec.avro.InferenceTask;
import io.starec.core.prompt.ChatPrompt;

/**
 * One task for a backend.
 *
 * @param task the structured task (the embedded policy reads it directly)
 * @param prompt the rendered chat prompt (LLM backends send it)
 * @param rollouts completions wanted (sampling.n, at least 1)
 * @param deadlineMs absolute deadline, epoch milliseconds
 */
public record BackendRequest(InferenceTask task, ChatPrompt prompt, int rollouts, long deadlineMs) {}
