"""HTTP and WebSocket routes of the simulator."""
