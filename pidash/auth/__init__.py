"""Who may do what: operator accounts, roles, sign-in, throttling, trusted kiosks, the audit trail."""
