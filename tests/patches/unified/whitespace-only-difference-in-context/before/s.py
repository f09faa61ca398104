def f():  
    return 1
# end
