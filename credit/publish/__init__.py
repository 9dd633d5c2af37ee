"""What officials receive from the published warehouse: daily exports, the quarterly report, credit reports."""
