"""NiceGUI pages and components: views of the store; user actions call the client."""
