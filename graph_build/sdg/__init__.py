"""The UN SDG framework (goals, targets, indicators) and the dimension schemes that group goals."""
