"""The optional model step: a Report in, the same Report with what the rules could not type.

In: the rules' Report, its Source and ``LLMSettings``. Out: the Report with the model's
grounded readings added and the calls' usage. ``config`` reads the settings from the
environment, ``client`` talks to any OpenAI-compatible endpoint through instructor (cache,
retries, rate limit), ``schemas`` are the validated answers, ``grounding`` places every value
the model returns in the source, ``run`` chooses the chunks and applies the answers.
Nothing here is imported unless a model is configured, so the default path pays no import.
"""
