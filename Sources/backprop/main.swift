print("backprop: under construction")
