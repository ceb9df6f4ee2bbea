"""Icons and other files the app ships (installed as ``facilitator_resources``)."""
