"""Security plumbing of the project: login throttling, password-reset throttling, POST-only logout, CSP by area."""
