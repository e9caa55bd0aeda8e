"""Customer-health configuration: which components make a customer's risk, with what weight (docs/kpis.md)."""
