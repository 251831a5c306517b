package api

// function runs one API function against the controller.
type function func(ctl Controller, a args) (any, error)

// functions are the POST /v1/<name> functions, named as in the seed's JavaScript API.
var functions = map[string]function{
	"register":   func(c Controller, _ args) (any, error) { return nil, c.Register() },
	"unregister": func(c Controller, _ args) (any, error) { return nil, c.Unregister() },
	"call": func(c Controller, a args) (any, error) {
		number, err := a.str("number")
		if err != nil {
			return nil, err
		}
		line, err := c.Call(number)
		if err != nil {
			return nil, err
		}
		return map[string]int{"line": line}, nil
	},
	"hangup": lineFunc(Controller.Hangup),
	"accept": lineFunc(Controller.Accept),
	"reject": lineFunc(Controller.Reject),
	"setparameter": func(c Controller, a args) (any, error) {
		name, err := a.str("name")
		if err != nil {
			return nil, err
		}
		value, err := a.str("value")
		if err != nil {
			return nil, err
		}
		return nil, c.SetParameter(name, value)
	},
	"getparameter": func(c Controller, a args) (any, error) {
		name, err := a.str("name")
		if err != nil {
			return nil, err
		}
		value, err := c.GetParameter(name)
		if err != nil {
			return nil, err
		}
		return map[string]string{"name": name, "value": value}, nil
	},
}

// lineFunc adapts a controller method taking an optional line.
func lineFunc(f func(Controller, int) error) function {
	return func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		return nil, f(c, line)
	}
}
