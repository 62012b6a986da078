import type { Message } from '@tokenwise/spec';

/**
 * The one message sent to the planner model: split the task into steps that one LLM call each can do, and
 * answer with only a JSON array (description, capability, token estimates, 0-based dependencies).
 */
export function decompositionPrompt(task: string, maxSteps: number): Message[] {
  const text = `You are a task planner. Split the task below into concrete subtasks that a single LLM call each can complete. Use as few steps as the task needs (at most ${maxSteps}); independent steps can run in parallel.

Reply with ONLY a JSON array, no prose. Each element is an object with:
- "description": what the step must produce, self-contained;
- "capability": one of "code", "reasoning", "math", "general";
- "estimated_input_tokens": integer;
- "estimated_output_tokens": integer;
- "depends_on": 0-based indices of earlier steps whose output this step needs ([] when independent).

Example for "Design a REST API for a todo app":
[{"description": "Define the data model and endpoints", "capability": "code", "estimated_input_tokens": 500, "estimated_output_tokens": 800, "depends_on": []},
 {"description": "Write the authentication middleware", "capability": "code", "estimated_input_tokens": 600, "estimated_output_tokens": 600, "depends_on": []}]

Task: ${task}`;
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

/** The follow-up asking the planner model to fix an answer that could not be used. */
export function repairPrompt(original: Message[], answer: string, issue: string): Message[] {
  return [
    ...original,
    { role: 'assistant', content: [{ type: 'text', text: answer }] },
    {
      role: 'user',
      content: [
        {
          type: 'text',
          text: `That answer could not be used: ${issue}. Reply again with ONLY the corrected JSON array, no prose.`,
        },
      ],
    },
  ];
}
