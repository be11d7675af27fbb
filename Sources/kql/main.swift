print("kql")
