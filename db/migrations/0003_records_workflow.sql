CREATE TABLE "validation_assignments" (
	"pathway_id" integer PRIMARY KEY NOT NULL,
	"assigned_to" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validation_outcomes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "validation_outcomes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pathway_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"rtt_status_before" text NOT NULL,
	"rtt_status_after" text NOT NULL,
	"clinical_decision" text,
	"patient_agreed" boolean,
	"stop_date" date,
	"note" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "validation_outcomes_outcome_check" CHECK ("validation_outcomes"."outcome" in ('still_waiting','treated_elsewhere','no_longer_required')),
	CONSTRAINT "validation_outcomes_decision_check" CHECK ("validation_outcomes"."outcome" = 'still_waiting' or ("validation_outcomes"."clinical_decision" is not null and "validation_outcomes"."stop_date" is not null))
);
--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD COLUMN "pull_on" date;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD COLUMN "assigned_to" integer;--> statement-breakpoint
ALTER TABLE "validation_assignments" ADD CONSTRAINT "validation_assignments_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation_assignments" ADD CONSTRAINT "validation_assignments_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation_assignments" ADD CONSTRAINT "validation_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation_outcomes" ADD CONSTRAINT "validation_outcomes_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation_outcomes" ADD CONSTRAINT "validation_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "validation_assignments_user_idx" ON "validation_assignments" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "validation_outcomes_pathway_idx" ON "validation_outcomes" USING btree ("pathway_id","recorded_at");--> statement-breakpoint
CREATE INDEX "validation_outcomes_recorded_idx" ON "validation_outcomes" USING btree ("recorded_by","recorded_at");--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_note_requests_pull_idx" ON "case_note_requests" USING btree ("pull_on");--> statement-breakpoint
CREATE INDEX "case_note_requests_assigned_idx" ON "case_note_requests" USING btree ("assigned_to");