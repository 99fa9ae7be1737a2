"""What the commands tell people: the plan review, the cost estimate, the diagram, the hand-off."""
