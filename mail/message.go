// Package mail is jxzp's e-mail, in and out: it reads the messages and archives units send their
// workbooks in, reads the bureau's unit roster, writes the reply and reminder drafts, and sends
// them over SMTP.
package mail

import (
	"bytes"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/jhillyerd/enmime/v2"
)

// MaxMessageSize bounds a saved message read whole into memory: a workbook is at most 100 MB, and
// base64 makes it a third larger.
const MaxMessageSize = 150 << 20

// Sender is a message's From: the address replies go back to, and the display name.
type Sender struct {
	Address string `json:"address"`
	Name    string `json:"name"`
}

// Attachment is one file carried by a message, under the name the sender gave it.
type Attachment struct {
	Name string // decoded, a base name without folders
	Data []byte
}

// Message is what jxzp keeps of a saved message (.eml): who sent it, when, about what, and its files.
type Message struct {
	From        *Sender // nil when the message has no readable From
	Date        time.Time
	Subject     string
	Attachments []Attachment
}

// ErrNotMessage is a file that cannot be read as a message.
var ErrNotMessage = errors.New("not a readable e-mail message")

// ReadMessage parses a saved message. Every part that carries a file is an attachment, wherever
// the sending program put it (Attachments, Inlines or OtherParts: some clients send a workbook
// "inline"), and its name is decoded whatever the encoding (see partName).
func ReadMessage(data []byte) (*Message, error) {
	env, err := enmime.ReadEnvelope(bytes.NewReader(data))
	if err != nil || env.Root == nil || len(env.Root.Header) == 0 {
		return nil, fmt.Errorf("%w: %v", ErrNotMessage, err)
	}
	m := &Message{Subject: cleanHeaderText(env.GetHeader("Subject"))}
	if list, err := env.AddressList("From"); err == nil && len(list) > 0 {
		m.From = &Sender{Address: strings.TrimSpace(list[0].Address), Name: cleanHeaderText(list[0].Name)}
	} else if raw := env.Root.Header.Get("From"); raw != "" {
		if a, err := netmail.ParseAddress(decodeGBK(raw)); err == nil {
			m.From = &Sender{Address: a.Address, Name: cleanHeaderText(a.Name)}
		}
	}
	if d, err := env.Date(); err == nil {
		m.Date = d
	}
	seen := map[*enmime.Part]bool{}
	for _, list := range [][]*enmime.Part{env.Attachments, env.Inlines, env.OtherParts} {
		for _, p := range list {
			if seen[p] {
				continue
			}
			seen[p] = true
			if name := partName(p); name != "" {
				m.Attachments = append(m.Attachments, Attachment{Name: name, Data: p.Content})
			}
		}
	}
	return m, nil
}

// cleanHeaderText makes decoded header text one line: a subject or a name with CR, LF or other
// control characters would otherwise break the summary's cells and any header it is copied into.
func cleanHeaderText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
