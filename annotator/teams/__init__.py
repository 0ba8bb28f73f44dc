"""Teams: documents handed to coders (assignment) and the queue scope that follows it."""
