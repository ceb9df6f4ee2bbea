"""Qt item models over the ops layer's plain data (no ORM rows reach a model)."""
