package sipbody

import (
	"testing"
	"time"
)

func TestAnswerAfter(t *testing.T) {
	tests := []struct {
		name      string
		callInfo  []string
		alertInfo []string
		auto      bool
		delay     time.Duration
	}{
		{"none", nil, nil, false, 0},
		{"answer-after=0", []string{"<sip:pbx.example.com>;answer-after=0"}, nil, true, 0},
		{"answer-after=3", []string{"<sip:pbx>;answer-after=3"}, nil, true, 3 * time.Second},
		{"answer-after without uri", []string{";answer-after=2"}, nil, true, 2 * time.Second},
		{"answer-after without value", []string{"<sip:x>;Answer-After"}, nil, true, 0},
		{"call-info purpose only", []string{"<http://x/photo.jpg>;purpose=icon"}, nil, false, 0},
		{"second entry of a list", []string{"<http://x/a.jpg>;purpose=icon, <sip:x>;answer-after=1"}, nil, true, time.Second},
		{"alert-autoanswer with delay", nil, []string{"<http://www.notused.com>;info=alert-autoanswer;delay=2"}, true, 2 * time.Second},
		{"info=intercom", nil, []string{"<http://x>;info=intercom"}, true, 0},
		{"bare info", nil, []string{"info=alert-autoanswer"}, true, 0},
		{"Intercom", nil, []string{"Intercom"}, true, 0},
		{"Auto Answer", nil, []string{"Auto Answer"}, true, 0},
		{"Ring Answer", nil, []string{"Ring Answer"}, true, 0},
		{"distinctive ring is not auto", nil, []string{"<http://127.0.0.1/Bellcore-dr2>"}, false, 0},
		{"uri that mentions intercom is not auto", nil, []string{"<http://x/intercom.wav>"}, false, 0},
		{"comma inside brackets", nil, []string{`<http://x/a,b>;info=intercom`}, true, 0},
		{"call-info wins", []string{"<sip:x>;answer-after=5"}, []string{"Intercom"}, true, 5 * time.Second},
		{"garbage delay ignored", []string{"<sip:x>;answer-after=soon"}, nil, false, 0},
		{"negative delay ignored", []string{"<sip:x>;answer-after=-1"}, nil, false, 0},
		{"huge delay ignored, next hint used", []string{"<sip:x>;answer-after=99999"}, []string{"Intercom"}, true, 0},
		{"unclosed bracket", nil, []string{"<http://x;info=intercom"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auto, delay := AnswerAfter(tt.callInfo, tt.alertInfo)
			if auto != tt.auto || delay != tt.delay {
				t.Errorf("AnswerAfter = %v, %v; want %v, %v", auto, delay, tt.auto, tt.delay)
			}
		})
	}
}
