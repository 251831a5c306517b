package phone

// localTag and remoteTag are the call's dialog tags as this phone sees them.
func (c *call) tags() (local, remote string) {
	switch {
	case c.out != nil:
		if f := c.out.InviteRequest.From(); f != nil {
			local, _ = f.Params.Get("tag")
		}
		if c.out.InviteResponse != nil {
			if t := c.out.InviteResponse.To(); t != nil {
				remote, _ = t.Params.Get("tag")
			}
		}
	case c.in != nil:
		if t := c.in.InviteRequest.To(); t != nil {
			local, _ = t.Params.Get("tag")
		}
		if f := c.in.InviteRequest.From(); f != nil {
			remote, _ = f.Params.Get("tag")
		}
	}
	return local, remote
}
