"""Pure signal analysis of sound held in memory: levels, voices, test tones. No I/O."""
