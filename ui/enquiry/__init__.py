"""The parts enquiry screens: search, depot, group, sales, audit, customers."""
